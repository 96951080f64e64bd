import { ValidationError, type ReadScope, type Scope } from "@memograph/core";
import { HttpProblem } from "../http/problem.js";
import type { Principal } from "./principal.js";

export interface RequestedScope {
  readonly userId?: string | undefined;
  readonly agentId?: string | undefined;
  readonly sessionId?: string | undefined;
}

/**
 * The user a request acts for. A member key is bound to its user: naming another user answers 403 (never that
 * user's data, never an empty answer that could be mistaken for it); naming none means its own. An admin key must
 * name the user.
 */
export function userOf(principal: Principal, userId: string | undefined, field = "userId"): string {
  if (principal.role === "member") {
    if (userId !== undefined && userId !== principal.userId) throw new HttpProblem(403, "FORBIDDEN", `This API key is bound to another user than ${JSON.stringify(userId)}`);
    return principal.userId!;
  }
  if (userId === undefined) throw new ValidationError(`Missing ${field}: an admin key must name the user`, [{ path: field, message: "required for admin keys" }]);
  return userId;
}

/** The scope a request reads and writes: the principal's user, narrowed by agent and session. */
export function scopeFor(principal: Principal, requested: RequestedScope, field = "userId"): Scope {
  return {
    userId: userOf(principal, requested.userId, field),
    ...(requested.agentId === undefined ? {} : { agentId: requested.agentId }),
    ...(requested.sessionId === undefined ? {} : { sessionId: requested.sessionId }),
  };
}

/** The tasks a principal may see: a member its own user's, an admin one user's or (no user named) all. */
export function taskReadScope(principal: Principal, userId: string | undefined): ReadScope | null {
  if (principal.role === "admin" && userId === undefined) return null;
  return { conditions: [{ key: "userId", values: [userOf(principal, userId)] }] };
}

export type WhereFilter = Readonly<Record<string, string | readonly string[]>>;

/** What a retrieve reads: one scope (narrowed by `where`), or for an admin naming no user, every scope. */
export type RetrieveTarget = { readonly scope: Scope; readonly where?: WhereFilter } | { readonly allScopes: true; readonly where?: WhereFilter };

/**
 * The scope of a retrieve. An admin naming no user reads every scope (memU's "no filter, all scopes"), narrowed by
 * `where` and any agent or session named; a member reads its own user, and a `where` naming another user answers
 * 403 like any other request naming one (never an empty answer that could be mistaken for that user's).
 */
export function retrieveTarget(principal: Principal, requested: RequestedScope, where: WhereFilter | undefined, field = "userId"): RetrieveTarget {
  if (principal.role === "admin" && requested.userId === undefined) {
    const narrowing = { ...where, ...(requested.agentId === undefined ? {} : { agentId: requested.agentId }), ...(requested.sessionId === undefined ? {} : { sessionId: requested.sessionId }) };
    return { allScopes: true, ...(Object.keys(narrowing).length === 0 ? {} : { where: narrowing }) };
  }
  if (principal.role === "member" && where !== undefined) {
    for (const key of ["userId", "userId__in"]) {
      const named = where[key];
      const users: readonly string[] = named === undefined ? [] : typeof named === "string" ? [named] : named;
      for (const userId of users) userOf(principal, userId, `where.${key}`);
    }
  }
  return { scope: scopeFor(principal, requested, field), ...(where === undefined ? {} : { where }) };
}
