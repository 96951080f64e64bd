import { ValidationError, type MemoryService, type Scope } from "@memograph/core";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { itemLine, runTool, toolCategory, toolItem, toolResource, toolResult } from "./tool-results.js";
import { toolInputs, toolOutputs } from "./tool-schemas.js";

/** The tools that change memory: a read-only binding does not register them, so a client never sees them. */
export const WRITE_TOOLS = ["memorize", "delete_memory", "forget", "reorganize_categories"] as const;

/** memorize, delete_memory and forget, bound to `scope`; `changed` is told when categories may have changed. */
export function registerWriteTools(server: McpServer, memory: MemoryService, scope: Scope, changed: () => void, beforeForget?: (scope: Scope) => Promise<void>): void {
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
      runTool(async () => {
        if ((input.content === undefined) === (input.url === undefined)) {
          throw new ValidationError("Give exactly one of content and url", [{ path: "content", message: "give exactly one of content and url" }]);
        }
        const source =
          input.url !== undefined
            ? { resourceUrl: input.url }
            : { content: typeof input.content === "string" ? input.content : input.content!.map(({ createdAt, ...message }) => ({ ...message, ...(createdAt === undefined ? {} : { created_at: createdAt }) })) };
        const result = await memory.memorize({ ...source, scope, ...(input.modality ? { modality: input.modality } : {}), ...(input.name ? { uri: input.name } : {}) });
        changed();
        const items = result.items.map(toolItem);
        const value = { created: result.created, resource: toolResource(result.resource), items, categories: result.categories.map(toolCategory) };
        const verb = result.created ? "Memorized" : "Already memorized";
        return toolResult(value, [`${verb} ${result.resource.uri} (${result.resource.id}): ${items.length} memories in ${value.categories.length} categories`, ...items.map(itemLine)].join("\n"));
      }),
  );

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
      runTool(async () => {
        const deleted = toolItem(await memory.deleteItem({ scope, id: input.id }));
        changed();
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
      runTool(async () => {
        if (input.confirm !== true) throw new ValidationError("forget erases every memory of this scope: call it with confirm: true", [{ path: "confirm", message: "must be true" }]);
        await beforeForget?.(scope);
        const counts = await memory.forget({ scope });
        changed();
        return toolResult({ ...counts }, `Forgot ${counts.resources} resources, ${counts.items} memories, ${counts.categories} categories`);
      }),
  );
}
