import { MemographError, type MemographErrorOptions } from "./memograph-error.js";

/** The operation would undo or race work under way (a running task, say); nothing was changed. Retrying later works. */
export class ConflictError extends MemographError {
  constructor(message: string, options: MemographErrorOptions = {}) {
    super("CONFLICT", message, options);
    this.name = "ConflictError";
  }
}
