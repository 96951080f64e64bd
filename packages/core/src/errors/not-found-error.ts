import { MemographError } from "./memograph-error.js";

/** What was not found: memory nodes, and the server's API keys and tasks. */
export type NotFoundKind = "resource" | "item" | "category" | "key" | "task";

/** A resource, item, category, key or task that does not exist in the caller's scope (which is the same as not existing). */
export class NotFoundError extends MemographError {
  readonly kind: NotFoundKind;
  readonly id: string;

  constructor(kind: NotFoundKind, id: string) {
    super("NOT_FOUND", `No ${kind} with id ${JSON.stringify(id)} in this scope`, { field: "id" });
    this.name = "NotFoundError";
    this.kind = kind;
    this.id = id;
  }
}
