const marker = Symbol.for("memograph.error");

/** Stable machine-readable codes; the CLI maps them to exit codes. */
export type MemographErrorCode =
  | "VALIDATION"
  | "NOT_FOUND"
  | "RESOURCE_REFUSED"
  | "RESOURCE_UNREADABLE"
  | "UNSUPPORTED_MODALITY"
  | "STORE_MISMATCH"
  | "STORE_FAILURE"
  | "MODEL_NOT_CONFIGURED"
  | "MODEL_FAILURE"
  | "MODEL_FILES_MISSING"
  | "CONFLICT";

/** Codes of errors the system causes (a retry or an operator may help), not the caller's input. */
const SYSTEM_CODES: ReadonlySet<MemographErrorCode> = new Set(["STORE_FAILURE", "STORE_MISMATCH", "MODEL_FAILURE", "MODEL_FILES_MISSING", "CONFLICT"]);

export interface MemographErrorOptions {
  /** The input field at fault, as a dotted path (`scope.userId`, `uri`). */
  field?: string;
  cause?: unknown;
}

/**
 * Base of every error memograph throws on purpose. `isInstance` works across duplicated package copies, where
 * `instanceof` does not.
 */
export class MemographError extends Error {
  readonly [marker] = true;
  readonly code: MemographErrorCode;
  readonly field: string | undefined;

  constructor(code: MemographErrorCode, message: string, options: MemographErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "MemographError";
    this.code = code;
    this.field = options.field;
  }

  static isInstance(error: unknown): error is MemographError {
    return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }

  /** True for errors caused by the caller's input rather than by the system. */
  get isInputError(): boolean {
    return !SYSTEM_CODES.has(this.code);
  }
}
