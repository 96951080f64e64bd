import type { MemoryService, Scope } from "@memograph/core";
import { ResourceTemplate, type McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { CATEGORY_URI_TEMPLATE, categoryUri, errorDetails } from "./tool-results.js";

/** Each category of `scope` as a listed, readable markdown resource: its summary, citing memory ids. */
export function registerCategoryResources(server: McpServer, memory: MemoryService, scope: Scope): void {
  server.registerResource(
    "category",
    new ResourceTemplate(CATEGORY_URI_TEMPLATE, {
      list: async () => ({
        resources: (await memory.listCategories({ scope })).map((category) => ({
          uri: categoryUri(category.id),
          name: category.name,
          title: `Memories: ${category.name}`,
          description: category.description,
          mimeType: "text/markdown",
        })),
      }),
    }),
    { title: "Memory category", description: "A category's markdown summary, citing the ids of the memories it is built from", mimeType: "text/markdown" },
    async (uri, variables) => {
      const id = String(variables.id);
      try {
        const category = await memory.getCategory({ scope, id: decodeURIComponent(id) });
        const text = `# ${category.name}\n\n${category.summary.trim() === "" ? "No memories yet." : category.summary.trim()}\n`;
        return { contents: [{ uri: uri.href, mimeType: "text/markdown", text }] };
      } catch (error) {
        const details = errorDetails(error);
        throw new McpError(ErrorCode.InvalidParams, `${details.code}: ${details.message}`, details);
      }
    },
  );
}
