import type { MiddlewareHandler } from "hono";
import { HttpProblem } from "../http/problem.js";
import type { Principal, ServerEnv } from "./principal.js";

/**
 * POST routes that only read. Every other non-GET route writes, and a read-only key is refused it before any
 * handler runs.
 */
const READING_POSTS = new Set(["/v1/retrieve", "/api/v3/memory/retrieve", "/api/v3/memory/categories", "/store/items/search", "/store/namespaces"]);

export function isWrite(method: string, path: string): boolean {
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") return false;
  return !(method === "POST" && READING_POSTS.has(path));
}

/** Refuses writes to read-only keys. */
export function refuseReadOnlyWrites(): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    if (c.var.principal.readOnly && isWrite(c.req.method, c.req.path)) throw new HttpProblem(403, "FORBIDDEN", "This API key is read-only");
    await next();
  };
}

export function requireAdmin(principal: Principal): void {
  if (principal.role !== "admin") throw new HttpProblem(403, "FORBIDDEN", "This route needs an admin key");
}

/** Guards a whole route group to admin keys. */
export function adminOnly(): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    requireAdmin(c.var.principal);
    await next();
  };
}
