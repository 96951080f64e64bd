import type { AccessStore } from "@memograph/core";
import type { MiddlewareHandler } from "hono";
import { HttpProblem } from "../http/problem.js";
import type { ServerEnv } from "./principal.js";

/** The secret from `Authorization: Bearer <key>` or `x-api-key: <key>` (the LangGraph SDK's header). */
export function secretOf(headers: Headers): string | null {
  const authorization = headers.get("authorization");
  if (authorization !== null) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match ? match[1]! : null;
  }
  const apiKey = headers.get("x-api-key")?.trim();
  return apiKey ? apiKey : null;
}

/**
 * Resolves the principal once, before any handler: unknown, revoked and expired keys all answer the same 401, so a
 * caller learns nothing about which keys exist.
 */
export function authenticate(access: AccessStore): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    const secret = secretOf(c.req.raw.headers);
    if (secret === null) throw new HttpProblem(401, "UNAUTHORIZED", "An API key is required: send Authorization: Bearer <key> or x-api-key: <key>", { "www-authenticate": 'Bearer realm="memograph"' });
    const principal = await access.authenticate(secret);
    if (principal === null) throw new HttpProblem(401, "UNAUTHORIZED", "The API key is unknown, revoked or expired", { "www-authenticate": 'Bearer realm="memograph", error="invalid_token"' });
    c.set("principal", principal);
    await next();
  };
}
