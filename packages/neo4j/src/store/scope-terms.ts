import { createHash } from "node:crypto";
import type { Scope, ScopeCondition } from "@memograph/core";

/**
 * One full-text token per scope key and value, so a full-text query can be limited to a scope inside Lucene. The
 * token is digits only (60 bits of a SHA-256), which Lucene's analyzers keep as one token and never stem, and which
 * no value can turn into query syntax. Reads still check the scope exactly; the token only narrows the search.
 */
export function scopeTerm(key: string, value: string): string {
  return BigInt(`0x${createHash("sha256").update(`${key}\u0000${value}`).digest("hex").slice(0, 15)}`).toString();
}

/** The `scopeTerms` property of a node in `scope`. */
export function scopeTermsOf(scope: Scope): string {
  return Object.entries(scope)
    .map(([key, value]) => scopeTerm(key, value))
    .join(" ");
}

const termClause = (condition: ScopeCondition) => `scopeTerms:(${condition.values.map((value) => scopeTerm(condition.key, value)).join(" OR ")})`;

/** Lucene clauses requiring every condition, each boosted to 0 so the scope adds nothing to a hit's score. */
export function scopeClauses(conditions: readonly ScopeCondition[]): string {
  return conditions.map((condition) => ` AND ${termClause(condition)}^0`).join("");
}

/** A Lucene query for every node in the scope (at least one condition), whatever its text. */
export function scopeQuery(conditions: readonly ScopeCondition[]): string {
  return conditions.map(termClause).join(" AND ");
}
