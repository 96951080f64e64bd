import type { ApiKeyRecord } from "@memograph/core";

/** Who is calling: the API key record resolved once per request by the auth middleware. */
export type Principal = ApiKeyRecord;

/** The Hono environment every route module shares: handlers read the principal, never the raw key. */
export interface ServerEnv {
  Variables: {
    principal: Principal;
    /** Set by the error handler for the request log. */
    errorCode: string;
    /** An unexpected failure's message, for the request log only (never sent to the client). */
    errorMessage: string;
  };
}
