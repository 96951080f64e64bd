import type { MemoryService } from "@memograph/core";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { createMcpServer, type McpBinding, type McpServerOptions } from "./create-mcp-server.js";

/** Answers one streamable-HTTP MCP request for an already authenticated caller. */
export type McpHttpHandler = (request: Request, binding: McpBinding) => Promise<Response>;

/**
 * Streamable HTTP, stateless: each POST gets a fresh server bound to the caller and answers with one JSON body, so
 * any number of server processes can serve one client and nothing outlives the request. Without sessions there is
 * no server-to-client stream to hold open, so GET and DELETE answer 405, as the transport spec allows.
 *
 * Authentication is the host's job: mount this behind it (memograph's server does, at `/mcp`) and pass the binding
 * its principal resolves to.
 */
export function createMcpHttpHandler(memory: MemoryService, options: McpServerOptions = {}): McpHttpHandler {
  return async (request, binding) => {
    if (request.method !== "POST") {
      return Response.json({ jsonrpc: "2.0", error: { code: -32000, message: "Method not allowed: this MCP endpoint is stateless, POST only" }, id: null }, { status: 405, headers: { Allow: "POST" } });
    }
    const server = createMcpServer(memory, binding, options);
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    await server.connect(transport);
    try {
      return await transport.handleRequest(request);
    } finally {
      // With JSON responses the body is complete once handleRequest resolves: the request's server can go.
      await server.close();
    }
  };
}
