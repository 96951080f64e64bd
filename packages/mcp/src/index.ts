export { createMcpServer, type McpBinding, type McpServerOptions } from "./create-mcp-server.js";
export { WRITE_TOOLS } from "./write-tools.js";
export { createMcpHttpHandler, type McpHttpHandler } from "./http-handler.js";
export { ERROR_META_KEY, type ToolErrorDetails } from "./tool-results.js";
export { serveStdio, type StdioOptions } from "./stdio.js";
