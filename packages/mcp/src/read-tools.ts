import type { MemoryService, Scope } from "@memograph/core";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { itemLine, runTool, toolCategory, toolItem, toolResource, toolResult } from "./tool-results.js";
import { toolInputs, toolOutputs } from "./tool-schemas.js";

const DEFAULT_PAGE = 20;

/** retrieve, list_memories, get_memory, trace_memory and list_categories, bound to `scope`. */
export function registerReadTools(server: McpServer, memory: MemoryService, scope: Scope): void {
  server.registerTool(
    "retrieve",
    {
      title: "Retrieve memories",
      description:
        "Search the user's memories for what is relevant to a query. Returns the best memories with ids, scores and sources (the resource and span each came from), " +
        "plus the matching categories and resources. Filter by memory types, time, or narrow by agentId/sessionId with `where`.",
      inputSchema: toolInputs.retrieve,
      outputSchema: toolOutputs.retrieve,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (input) =>
      runTool(async () => {
        const { topK, ...rest } = input;
        const result = await memory.retrieve({ ...rest, scope, topK: { items: topK ?? 5 } });
        const value = {
          items: result.items.map(toolItem),
          categories: result.categories.map((hit) => ({ id: hit.id, name: hit.name, description: hit.description, itemCount: hit.itemCount, score: hit.score })),
          resources: result.resources.map((hit) => ({ ...toolResource(hit), score: hit.score })),
        };
        return toolResult(value, [`${value.items.length} memories for ${JSON.stringify(input.query)}`, ...value.items.map(itemLine)].join("\n"));
      }),
  );

  server.registerTool(
    "list_memories",
    {
      title: "List memories",
      description: "List the user's memories, oldest first, a page at a time; pass the returned nextCursor to continue. Filter by memory types, status, or narrow with `where`.",
      inputSchema: toolInputs.listMemories,
      outputSchema: toolOutputs.listMemories,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (input) =>
      runTool(async () => {
        const page = await memory.listItems({ ...input, scope, limit: input.limit ?? DEFAULT_PAGE });
        const value = { items: page.records.map(toolItem), nextCursor: page.nextCursor };
        return toolResult(value, [`${value.items.length} memories${page.nextCursor ? ` (more: cursor ${page.nextCursor})` : ""}`, ...value.items.map(itemLine)].join("\n"));
      }),
  );

  server.registerTool(
    "get_memory",
    {
      title: "Get a memory",
      description: "One memory by id, with its type, time, categories and sources (the resource ids and spans it was drawn from).",
      inputSchema: toolInputs.getMemory,
      outputSchema: toolOutputs.getMemory,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (input) =>
      runTool(async () => {
        const item = toolItem(await memory.getItem({ scope, id: input.id }));
        return toolResult({ item }, itemLine(item));
      }),
  );

  server.registerTool(
    "trace_memory",
    {
      title: "Trace a memory",
      description: "Show where a memory came from: the resource (conversation or document), the span (messages, characters, pages or time range) and the exact text of that span, plus its categories.",
      inputSchema: toolInputs.traceMemory,
      outputSchema: toolOutputs.traceMemory,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (input) =>
      runTool(async () => {
        const trace = await memory.trace({ scope, id: input.id });
        const value = {
          item: toolItem(trace.item),
          sources: trace.sources.map((source) => ({ resource: toolResource(source.resource), span: source.span, text: source.excerpt })),
          categories: trace.categories.map((category) => ({ id: category.id, name: category.name, description: category.description, itemCount: category.itemCount })),
        };
        const lines = value.sources.map((source) => `From ${source.resource.uri} (${source.resource.id}):\n${source.text.replace(/^/gm, "  ")}`);
        return toolResult(value, [itemLine(value.item), ...(lines.length ? lines : ["Made by hand: no source."])].join("\n"));
      }),
  );

  server.registerTool(
    "list_categories",
    {
      title: "List categories",
      description: "The topics the user's memories are organised in, each with its description, markdown summary (citing memory ids) and how many memories it holds.",
      inputSchema: toolInputs.listCategories,
      outputSchema: toolOutputs.listCategories,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    () =>
      runTool(async () => {
        const categories = (await memory.listCategories({ scope })).map(toolCategory);
        return toolResult({ categories }, categories.map((category) => `- ${category.name} (${category.itemCount}): ${category.description}`).join("\n") || "No categories yet.");
      }),
  );
}
