import { OpenAPIHono } from "@hono/zod-openapi";
import { ValidationError } from "@memograph/core";
import type { ServerEnv } from "../auth/principal.js";

const PART: Record<string, string> = { json: "body", query: "query", param: "path", header: "header" };

/** A route module's app: a request part failing its wire schema throws VALIDATION naming the field. */
export function routeApp(): OpenAPIHono<ServerEnv> {
  return new OpenAPIHono<ServerEnv>({
    defaultHook: (result) => {
      if (!result.success) throw ValidationError.fromZod(`request ${PART[result.target] ?? result.target}`, result.error);
    },
  });
}
