import type { MiddlewareHandler } from "hono";
import type { ServerEnv } from "../auth/principal.js";
import { HttpProblem } from "./problem.js";

export interface RateLimit {
  /** Requests one key may make per window. */
  readonly requests: number;
  readonly windowMs: number;
}

/**
 * A fixed-window request budget per API key, kept in this process (two servers each allow the budget). Over budget
 * answers 429 with Retry-After: the seconds until the window ends.
 */
export function rateLimitPerKey(limit: RateLimit, now: () => number = Date.now): MiddlewareHandler<ServerEnv> {
  const windows = new Map<string, { start: number; count: number }>();
  return async (c, next) => {
    const keyId = c.var.principal.id;
    const time = now();
    let window = windows.get(keyId);
    if (window === undefined || time - window.start >= limit.windowMs) {
      // Forget ended windows now and then, so the map holds only keys seen in the current window.
      if (windows.size > 10_000) for (const [id, old] of windows) if (time - old.start >= limit.windowMs) windows.delete(id);
      window = { start: time, count: 0 };
      windows.set(keyId, window);
    }
    if (++window.count > limit.requests) {
      const retryAfter = Math.max(1, Math.ceil((window.start + limit.windowMs - time) / 1000));
      throw new HttpProblem(429, "RATE_LIMITED", `Rate limit of ${limit.requests} requests per ${limit.windowMs} ms exceeded`, { "retry-after": String(retryAfter) });
    }
    await next();
  };
}
