import { createRoute } from "@hono/zod-openapi";
import { scopeFor } from "../../auth/scope.js";
import type { ServerDeps } from "../../deps.js";
import { errorResponses, json, modelResponses, security } from "../common-schemas.js";
import { routeApp } from "../route-app.js";
import * as s from "./schemas.js";

/**
 * Categories that evolve: reorganise one scope's categories and read its change log. Mounted before the record
 * routes, so `/v1/categories/changes` is not taken for a category id. Reorganising is a write (a read-only key is
 * refused it, a dry run too, by the read-only guard); a member key reorganises only its own user's categories.
 */
export function categoryRoutes({ memory }: ServerDeps) {
  const app = routeApp();

  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/categories/reorganize",
      summary: "Split the scope's categories grown too big, merge near-empty or overlapping ones (dryRun: plan only); each change is logged",
      security,
      request: { body: { content: { "application/json": { schema: s.reorganizeBody } }, required: true } },
      responses: { 200: json(s.reorganizeResult, "The changes made (or planned), the steps skipped and the categories afterwards"), ...errorResponses, ...modelResponses },
    }),
    async (c) => {
      const { userId, agentId, sessionId, ...options } = c.req.valid("json");
      return c.json(await memory.reorganize({ ...options, scope: scopeFor(c.var.principal, { userId, agentId, sessionId }) }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/categories/changes",
      summary: "The scope's category change log (splits and merges, what moved where and why), oldest first, a page at a time",
      security,
      request: { query: s.listCategoryChangesQuery },
      responses: { 200: json(s.categoryChangePage, "A page of category changes"), ...errorResponses },
    }),
    async (c) => {
      const { limit, cursor, ...requested } = c.req.valid("query");
      const page = await memory.categoryChanges({ scope: scopeFor(c.var.principal, requested), limit, ...(cursor ? { cursor } : {}) });
      return c.json({ changes: [...page.records], nextCursor: page.nextCursor }, 200);
    },
  );

  return app;
}
