import { z } from "zod";
import { ValidationError } from "../errors/index.js";
import { MAX_JSON_DEPTH, nestsDeeperThan } from "../util/json-depth.js";

// The pieces every operation's input schema is built from (each schema sits beside its operation).

export const scopeInput = z.record(z.string(), z.unknown());
/**
 * Kept as given (ScopeSpec.parseWhere checks every key): a record schema would copy it and drop a `__proto__` key,
 * and a filter that loses a condition widens what a forget erases.
 */
export const whereInput = z.custom<Record<string, unknown>>((value) => typeof value === "object" && value !== null && !Array.isArray(value), "expected an object").optional();
export const idInput = z.string().min(1).max(200);
export const isoDate = z.iso.datetime({ offset: true }).or(z.iso.date());

/** An ISO 8601 time or date (a date is its midnight UTC), as the UTC ISO string stores compare `createdAt` with. */
export const instant = isoDate.transform((value) => new Date(value).toISOString());
export const notTooDeep = (value: unknown) => !nestsDeeperThan(value, MAX_JSON_DEPTH);
export const depthMessage = `nests deeper than ${MAX_JSON_DEPTH} levels`;
/** Caller metadata: stored as JSON, so bounded in depth like any JSON input. */
export const metadataInput = z.record(z.string(), z.unknown()).refine(notTooDeep, depthMessage);

/** The parsed input, or a ValidationError naming `what` and the offending field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, what: string): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw ValidationError.fromZod(what, result.error);
  return result.data;
}
