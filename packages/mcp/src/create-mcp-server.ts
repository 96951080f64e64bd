import { createRequire } from "node:module";
import type { MemoryService, Scope } from "@memograph/core";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { registerCategoryResources } from "./category-resources.js";
import { registerCategoryTools } from "./category-tools.js";
import { registerReadTools } from "./read-tools.js";
import { registerWriteTools } from "./write-tools.js";

/**
 * Whose memories one MCP connection reaches. Every tool and resource is bound to `scope`: nothing a client sends can
 * name another scope (`where` filters only narrow it). `readOnly` leaves the write tools out of the server.
 */
export interface McpBinding {
  readonly scope: Scope;
  readonly readOnly?: boolean;
}

/** What the host of an MCP server adds to its tools. */
export interface McpServerOptions {
  /**
   * Runs before `forget` erases a scope's memories, for what the host keeps of the scope besides them (memograph's
   * server: its memorize tasks, whose input is the scope's conversations). Throwing refuses the forget.
   */
  readonly beforeForget?: (scope: Scope) => Promise<void>;
}

const { version } = createRequire(import.meta.url)("../package.json") as { version: string };

const INSTRUCTIONS =
  "Long-term memory of one user, with provenance. Call retrieve before answering questions that may depend on what " +
  "the user said before; call memorize with the conversation (or a note) when the user shares lasting facts, " +
  "preferences or plans. Every memory has an id: trace_memory shows the source text it came from.";

/**
 * Builds the MCP server for one binding, the same for every transport: `memograph mcp` connects it to stdio, the
 * HTTP handler builds one per request. Errors become tool errors carrying the core's code; nothing a client sends
 * can crash it.
 */
export function createMcpServer(memory: MemoryService, binding: McpBinding, options: McpServerOptions = {}): McpServer {
  const scope = binding.scope;
  const server = new McpServer({ name: "memograph", version }, { instructions: INSTRUCTIONS });
  const listChanged = () => {
    if (server.isConnected()) server.server.sendResourceListChanged().catch(() => undefined);
  };

  if (!binding.readOnly) registerWriteTools(server, memory, scope, listChanged, options.beforeForget);
  registerReadTools(server, memory, scope);
  registerCategoryTools(server, memory, scope, { readOnly: binding.readOnly === true, changed: listChanged });
  registerCategoryResources(server, memory, scope);
  return server;
}
