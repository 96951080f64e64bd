import { forgetTasks } from "@memograph/core";
import { createMcpHttpHandler, type McpBinding } from "@memograph/mcp";
import type { Principal } from "../../auth/principal.js";
import { scopeFor } from "../../auth/scope.js";
import type { ServerDeps } from "../../deps.js";
import { routeApp } from "../route-app.js";

/**
 * Which user an admin key's MCP connection acts for (an MCP client sets it once, in its config); a member key may
 * omit it or name its own user, anything else is 403. `X-Memograph-Agent` narrows the scope to one agent.
 */
export const MCP_USER_HEADER = "x-memograph-user";
export const MCP_AGENT_HEADER = "x-memograph-agent";

/** The scope and rights of one MCP request, from the principal the auth middleware resolved. */
export function mcpBinding(principal: Principal, headers: Headers): McpBinding {
  const scope = scopeFor(principal, { userId: headers.get(MCP_USER_HEADER) || undefined, agentId: headers.get(MCP_AGENT_HEADER) || undefined }, "X-Memograph-User");
  return { scope, readOnly: principal.readOnly };
}

/** Streamable-HTTP MCP at `/mcp`, behind the same key, rate limit and body guards as the other APIs. */
export function mcpRoutes({ memory, tasks }: ServerDeps) {
  const app = routeApp();
  // A forget over MCP erases the user's tasks first, as /v1/forget does (forgetWithTasks).
  const handle = createMcpHttpHandler(memory, { beforeForget: (scope) => forgetTasks(tasks, scope) });
  app.all("/mcp", async (c) => {
    const binding = mcpBinding(c.var.principal, c.req.raw.headers);
    // The JSON guard has already read the body; the transport gets it again from Hono's cache.
    const request = c.req.raw.bodyUsed ? new Request(c.req.raw.url, { method: c.req.method, headers: c.req.raw.headers, body: await c.req.text() }) : c.req.raw;
    return handle(request, binding);
  });
  return app;
}
