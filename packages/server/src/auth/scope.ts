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
