import { ValidationError } from "../errors/index.js";
import type { RetrieveInput } from "./retrieve-input.js";

/** A retrieve over every scope: the retrieve input without a scope (`where` may still narrow it). */
export type AcrossScopesRetrieveInput = Omit<RetrieveInput, "scope">;

/**
 * The input of a retrieve over every scope, checked: a `scope` given here is refused rather than ignored, so a caller
 * who meant one user's memories never silently reads everyone's.
 */
export function acrossScopesInput(input: AcrossScopesRetrieveInput): RetrieveInput {
  if (typeof input !== "object" || input === null) throw new ValidationError("Invalid retrieve input: expected an object", [{ path: "input", message: "expected an object" }]);
  if ("scope" in input) throw new ValidationError("retrieveAcrossScopes reads every scope: give no scope (narrow with where)", [{ path: "scope", message: "not allowed here" }]);
  return { ...input, scope: {} };
}
