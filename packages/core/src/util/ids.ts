import { randomUUID } from "node:crypto";

export type IdKind = "res" | "itm" | "cat" | "chg";

export function newId(kind: IdKind): string {
  return `${kind}_${randomUUID().replace(/-/g, "")}`;
}
