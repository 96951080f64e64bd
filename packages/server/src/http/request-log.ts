import type { MiddlewareHandler } from "hono";
import type { ServerEnv } from "../auth/principal.js";

/** One line per request. It carries the key's public id, never the secret, the query string or the body. */
export interface RequestLogEntry {
  readonly time: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly durationMs: number;
  readonly keyId: string | null;
  readonly code?: string;
  readonly error?: string;
}

export type RequestLogger = (entry: RequestLogEntry) => void;

export function logRequests(log: RequestLogger): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    const start = performance.now();
    await next();
    const code = c.var.errorCode;
    const error = c.var.errorMessage;
    log({
      time: new Date().toISOString(),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round((performance.now() - start) * 10) / 10,
      keyId: c.var.principal?.id ?? null,
      ...(code ? { code } : {}),
      ...(error ? { error } : {}),
    });
  };
}
