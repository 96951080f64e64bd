import { MemographError, type MemographErrorOptions } from "./memograph-error.js";

/** The loader's policy refused the reference: outside the allowed roots, host not allowed, or too large. */
export class ResourceRefusedError extends MemographError {
  constructor(message: string, options: MemographErrorOptions = {}) {
    super("RESOURCE_REFUSED", message, { field: "uri", ...options });
    this.name = "ResourceRefusedError";
  }
}

/** The reference was allowed but its content could not be read or parsed. */
export class ResourceUnreadableError extends MemographError {
  constructor(message: string, options: MemographErrorOptions = {}) {
    super("RESOURCE_UNREADABLE", message, { field: "uri", ...options });
    this.name = "ResourceUnreadableError";
  }
}

/** A modality this configuration cannot process (for example an image with no vision model). */
export class UnsupportedModalityError extends MemographError {
  constructor(message: string) {
    super("UNSUPPORTED_MODALITY", message, { field: "modality" });
    this.name = "UnsupportedModalityError";
  }
}
