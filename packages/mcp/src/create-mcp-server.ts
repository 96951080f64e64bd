import { createRequire } from "node:module";
import { ValidationError, type MemoryService, type Scope } from "@memograph/core";
import { McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ErrorCode, McpError, type CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { CATEGORY_URI_TEMPLATE, categoryUri, errorDetails, itemLine, toolCategory, toolItem, toolResource, toolResult, toolError } from "./tool-results.js";
import { toolInputs, toolOutputs } from "./tool-schemas.js";

/**
 * Whose memories one MCP connection reaches. Every tool and resource is bound to `scope`: nothing a client sends can
 * name another scope (`where` filters only narrow it). `readOnly` leaves the write tools out of the server.
 */
export interface McpBinding {
  readonly scope: Scope;
  readonly readOnly?: boolean;
}

/** The tools that change memory: a read-only binding does not register them, so a client never sees them. */
export const WRITE_TOOLS = ["memorize", "delete_memory", "forget"] as const;

const { version } = createRequire(import.meta.url)("../package.json") as { version: string };

const INSTRUCTIONS =
  "Long-term memory of one user, with provenance. Call retrieve before answering questions that may depend on what " +
  "the user said before; call memorize with the conversation (or a note) when the user shares lasting facts, " +
  "preferences or plans. Every memory has an id: trace_memory shows the source text it came from.";

const DEFAULT_PAGE = 20;

/**
 * Builds the MCP server for one binding, the same for every transport: `memograph mcp` connects it to stdio, the
 * HTTP handler builds one per request. Errors become tool errors carrying the core's code; nothing a client sends
 * can crash it.
 */
export function createMcpServer(memory: MemoryService, binding: McpBinding): McpServer {
  const scope = binding.scope;
  const server = new McpServer({ name: "memograph", version }, { instructions: INSTRUCTIONS });
  const listChanged = () => {
    if (server.isConnected()) server.server.sendResourceListChanged().catch(() => undefined);
  };

  if (!binding.readOnly) {
    server.registerTool(
      "memorize",
      {
        title: "Memorize",
        description:
          "Remember a conversation or a text for future sessions. Give `content` (a list of {role, content} chat messages, or a text) or `url`. " +
          "The memories drawn from it are filed in categories, each traceable to the exact messages it came from. Memorizing the same content twice changes nothing.",
        inputSchema: toolInputs.memorize,
        outputSchema: toolOutputs.memorize,
        annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
      },
      (input) =>
        answer(async () => {
          if ((input.content === undefined) === (input.url === undefined)) {
            throw new ValidationError("Give exactly one of content and url", [{ path: "content", message: "give exactly one of content and url" }]);
          }
          const source =
            input.url !== undefined
              ? { resourceUrl: input.url }
              : { content: typeof input.content === "string" ? input.content : input.content!.map(({ createdAt, ...message }) => ({ ...message, ...(createdAt === undefined ? {} : { created_at: createdAt }) })) };
          const result = await memory.memorize({ ...source, scope, ...(input.modality ? { modality: input.modality } : {}), ...(input.name ? { uri: input.name } : {}) });
          listChanged();
          const items = result.items.map(toolItem);
          const value = { created: result.created, resource: toolResource(result.resource), items, categories: result.categories.map(toolCategory) };
          const verb = result.created ? "Memorized" : "Already memorized";
          return toolResult(value, [`${verb} ${result.resource.uri} (${result.resource.id}): ${items.length} memories in ${value.categories.length} categories`, ...items.map(itemLine)].join("\n"));
        }),
    );
  }

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
      answer(async () => {
        const { topK, ...rest } = input;
        const result = await memory.retrieve({ ...rest, scope, topK: { items: topK ?? 5 } });
        const value = {
          items: result.items.map((hit) => ({ ...toolItem(hit), score: hit.score })),
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
      answer(async () => {
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
      answer(async () => {
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
      answer(async () => {
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
      answer(async () => {
        const categories = (await memory.listCategories({ scope })).map(toolCategory);
        return toolResult({ categories }, categories.map((category) => `- ${category.name} (${category.itemCount}): ${category.description}`).join("\n") || "No categories yet.");
      }),
  );

  if (!binding.readOnly) {
    server.registerTool(
      "delete_memory",
      {
        title: "Delete a memory",
        description: "Delete one memory by id (for example when the user asks to forget it or it is wrong). Its categories are re-summarised without it.",
        inputSchema: toolInputs.deleteMemory,
        outputSchema: toolOutputs.deleteMemory,
        annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
      },
      (input) =>
        answer(async () => {
          const deleted = toolItem(await memory.deleteItem({ scope, id: input.id }));
          listChanged();
          return toolResult({ deleted }, `Deleted ${itemLine(deleted).slice(2)}`);
        }),
    );

    server.registerTool(
      "forget",
      {
        title: "Forget everything",
        description:
          "Erase every memory, source and category of this user for good (a right-to-be-forgotten request). Only when the user explicitly asks for it; `confirm` must be true.",
        inputSchema: toolInputs.forget,
        outputSchema: toolOutputs.forget,
        annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
      },
      (input) =>
        answer(async () => {
          if (input.confirm !== true) throw new ValidationError("forget erases every memory of this scope: call it with confirm: true", [{ path: "confirm", message: "must be true" }]);
          const counts = await memory.forget({ scope });
          listChanged();
          return toolResult({ ...counts }, `Forgot ${counts.resources} resources, ${counts.items} memories, ${counts.categories} categories`);
        }),
    );
  }

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

  return server;
}

async function answer(run: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await run();
  } catch (error) {
    return toolError(error);
  }
}
