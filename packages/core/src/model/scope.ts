import { z } from "zod";
import { ValidationError } from "../errors/index.js";

/** A scope: which user/agent/session (or custom keys) a node belongs to. Values are non-empty strings. */
export type Scope = Readonly<Record<string, string>>;

const scopeValue = z.string().min(1, "must not be empty").max(256);

/** Default scope shape: a user is required, agent and session narrow it further. */
export const defaultScopeSchema = z
  .object({ userId: scopeValue, agentId: scopeValue.optional(), sessionId: scopeValue.optional() })
  .strict();

const whereList = z.array(scopeValue).min(1).max(1000);

const identifier = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** One condition of a `where` filter: exact match, or one of several values (memU's `key__in`). */
export interface ScopeCondition {
  readonly key: string;
  readonly values: readonly string[];
}

/**
 * The configured scope shape. Keys are fixed by the developer's zod schema (never by request input), which is what
 * lets stores use them as column or property names.
 */
export class ScopeSpec {
  readonly keys: readonly string[];
  /** The first required key: stores partition by it, and every read must name it. */
  readonly partitionKey: string | undefined;

  constructor(readonly schema: z.ZodObject<z.ZodRawShape> = defaultScopeSchema) {
    this.keys = Object.keys(schema.shape);
    for (const key of this.keys) {
      if (!identifier.test(key)) throw new ValidationError(`Scope key ${JSON.stringify(key)} is not an identifier`, [{ path: "scopeSchema", message: "keys must match /^[A-Za-z][A-Za-z0-9_]{0,63}$/" }]);
    }
    this.partitionKey = this.keys.find((key) => !z.safeParse(schema.shape[key]!, undefined).success);
    if (this.keys.length === 0) throw new ValidationError("The scope schema has no keys", [{ path: "scopeSchema", message: "needs at least one key" }]);
  }

  /** Validates a caller's scope; throws a ValidationError naming the field. */
  parse(input: unknown, field = "scope"): Scope {
    const parsed = this.schema.safeParse(input ?? {});
    if (!parsed.success) throw ValidationError.fromZod("scope", parsed.error, field);
    const scope: Record<string, string> = {};
    for (const key of this.keys) {
      const value = (parsed.data as Record<string, unknown>)[key];
      if (typeof value === "string") scope[key] = value;
      else if (value !== undefined) throw new ValidationError(`Invalid scope: ${field}.${key} must be a string`, [{ path: `${field}.${key}`, message: "must be a string" }]);
    }
    if (Object.keys(scope).length === 0) throw new ValidationError(`Invalid scope: ${field} names no key`, [{ path: field, message: `needs at least one of ${this.keys.join(", ")}` }]);
    return Object.freeze(scope);
  }

  /**
   * Parses memU-style `where` filters: `{ agentId: "a", sessionId__in: ["s1", "s2"] }`. Only scope keys are
   * allowed, so a filter can narrow a caller's scope but never widen it (scope and where are ANDed).
   */
  parseWhere(input: unknown, field = "where"): ScopeCondition[] {
    if (input === undefined || input === null) return [];
    if (typeof input !== "object" || Array.isArray(input)) throw new ValidationError(`Invalid where filter: ${field} must be an object`, [{ path: field, message: "expected an object" }]);
    // Own keys only, read as entries: a `__proto__` key is a key like any other (and refused below), never a
    // prototype that a record copy would drop, silently widening the filter to the whole scope.
    return Object.entries(input).map(([rawKey, value]) => {
      const isIn = rawKey.endsWith("__in");
      const key = isIn ? rawKey.slice(0, -4) : rawKey;
      if (!this.keys.includes(key)) {
        throw new ValidationError(`Invalid where filter: ${field}.${rawKey} is not a scope key`, [{ path: `${field}.${rawKey}`, message: `expected one of ${this.keys.join(", ")} (optionally with __in)` }]);
      }
      const parsed = (isIn ? whereList : scopeValue).safeParse(value);
      if (!parsed.success) {
        if (isIn !== Array.isArray(value)) {
          throw new ValidationError(`Invalid where filter: ${field}.${rawKey} ${isIn ? "needs a list" : "needs a single value; use __in for a list"}`, [{ path: `${field}.${rawKey}`, message: isIn ? "expected an array" : "expected a string" }]);
        }
        throw ValidationError.fromZod("where filter", parsed.error, `${field}.${rawKey}`);
      }
      return { key, values: Array.isArray(parsed.data) ? parsed.data : [parsed.data as string] };
    });
  }
}

/** Conditions a read applies: every key of the caller's scope exactly, plus the optional `where` narrowing. */
export function scopeConditions(scope: Scope, where: readonly ScopeCondition[] = []): ScopeCondition[] {
  return [...Object.entries(scope).map(([key, value]) => ({ key, values: [value] })), ...where];
}

/** A stable string for a scope: equal scopes give equal keys. */
export function scopeKey(scope: Scope): string {
  return JSON.stringify(Object.keys(scope).sort().map((key) => [key, scope[key]]));
}

/** True when `node` lies inside `scope` (every key of `scope` matches). */
export function scopeContains(scope: Scope, node: Scope): boolean {
  return Object.entries(scope).every(([key, value]) => node[key] === value);
}
