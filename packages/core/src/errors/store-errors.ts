import { MemographError, type MemographErrorOptions } from "./memograph-error.js";

/** The store was built by another embedder (id or dimensions): mixing them would corrupt similarity search. */
export class StoreMismatchError extends MemographError {
  constructor(message: string) {
    super("STORE_MISMATCH", message, { field: "embedder" });
    this.name = "StoreMismatchError";
  }
}

/** The store failed; nothing of the failed operation was written. */
export class StoreFailureError extends MemographError {
  constructor(message: string, options: MemographErrorOptions = {}) {
    super("STORE_FAILURE", message, options);
    this.name = "StoreFailureError";
  }
}
