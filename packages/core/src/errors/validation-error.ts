import type { ZodError } from "zod";
import { MemographError } from "./memograph-error.js";

/** Input that failed its zod schema; `issues` keeps every problem, `field` names the first. */
export class ValidationError extends MemographError {
  readonly issues: ReadonlyArray<{ path: string; message: string }>;

  constructor(message: string, issues: ReadonlyArray<{ path: string; message: string }>, cause?: unknown) {
    super("VALIDATION", message, { field: issues[0]?.path, cause });
    this.name = "ValidationError";
    this.issues = issues;
  }

  static fromZod(what: string, error: ZodError, prefix = ""): ValidationError {
    const issues = error.issues.map((issue) => ({
      path: [prefix, ...issue.path.map(String)].filter((part) => part !== "").join(".") || "(root)",
      message: issue.message,
    }));
    const detail = issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ");
    return new ValidationError(`Invalid ${what}: ${detail}`, issues, error);
  }
}
