import { MemographError } from "./memograph-error.js";

/** A resource, item or category that does not exist in the caller's scope (which is the same as not existing). */
export class NotFoundError extends MemographError {
  readonly kind: "resource" | "item" | "category";
  readonly id: string;

  constructor(kind: "resource" | "item" | "category", id: string) {
    super("NOT_FOUND", `No ${kind} with id ${JSON.stringify(id)} in this scope`, { field: "id" });
    this.name = "NotFoundError";
    this.kind = kind;
    this.id = id;
  }
}
