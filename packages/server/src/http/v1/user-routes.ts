import { createRoute, type z } from "@hono/zod-openapi";
import type { PartitionUsage } from "@memograph/core";
import { adminOnly } from "../../auth/roles.js";
import type { ServerDeps } from "../../deps.js";
import { errorResponses, json, security } from "../common-schemas.js";
import { routeApp } from "../route-app.js";
import * as s from "./schemas.js";

function userToWire(user: PartitionUsage): z.infer<typeof s.userUsage> {
  const agentIds = [...new Set(user.scopes.flatMap((usage) => (usage.scope.agentId === undefined ? [] : [usage.scope.agentId])))].sort();
  return { userId: user.value, items: user.items, resources: user.resources, categories: user.categories, agentIds, scopes: user.scopes.length };
}

/** The users holding memories (admin): the one listing that reads across users. */
export function userRoutes({ memory }: ServerDeps) {
  const app = routeApp();
  app.use("/v1/users", adminOnly());

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/users",
      summary: "[admin] The users holding memories, with their agents and counts, a page at a time in id order",
      security,
      request: { query: s.listUsersQuery },
      responses: { 200: json(s.userPage, "A page of users"), ...errorResponses },
    }),
    async (c) => {
      const { prefix, limit, cursor } = c.req.valid("query");
      const page = await memory.listScopes({ limit, ...(prefix === undefined ? {} : { prefix }), ...(cursor === undefined ? {} : { cursor }) });
      return c.json({ users: page.records.map(userToWire), nextCursor: page.nextCursor }, 200);
    },
  );

  return app;
}
