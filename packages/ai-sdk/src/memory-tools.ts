import { tool, type Tool } from "ai";
import { MEMORY_TOOL_DESCRIPTIONS, memoryToolHandlers, memoryToolSchemas, type MemoryService, type MemoryToolCategory, type MemoryToolItem, type RecallRanking } from "@memograph/core";
import { resolveScope, type ScopeSource } from "./scope-source.js";

export type { MemoryToolItem };

/** `ranking` / `halfLifeDays` order what `recall` returns (see RecallRanking). */
export interface MemoryToolsOptions extends RecallRanking {
  readonly memory: MemoryService;
  /** Whose memories the tools act on. Create the tools per request with that user's scope, or pass a resolver. */
  readonly scope: ScopeSource<void>;
  /** The memory types `remember` accepts; must match the memory's configuration. Default: memU's six. */
  readonly memoryTypes?: readonly [string, ...string[]];
  /** How many memories `recall` returns when the model does not say. Default 5. */
  readonly recallTopK?: number;
}

/** The tools, with their input and output types. A type alias: it must be assignable to the SDK's `ToolSet`. */
export type MemoryTools = {
  readonly remember: Tool<{ text: string; type?: string | undefined; categories?: string[] | undefined }, MemoryToolItem>;
  readonly recall: Tool<{ query: string; topK?: number | undefined }, { items: MemoryToolItem[] }>;
  readonly forget: Tool<{ id: string }, { forgotten: MemoryToolItem }>;
  readonly listCategories: Tool<Record<string, never>, { categories: MemoryToolCategory[] }>;
  readonly trace: Tool<{ id: string }, { item: MemoryToolItem; sources: { uri: string; excerpt: string }[] }>;
};

/**
 * AI SDK tools over memograph: remember, recall, forget, listCategories and trace, all bound to one scope.
 * Inputs are zod-validated by the SDK before anything runs, so an invalid call writes nothing.
 */
export function memoryTools(options: MemoryToolsOptions): MemoryTools {
  const schemas = memoryToolSchemas(options.memoryTypes);
  const handlers = memoryToolHandlers(options.memory, () => resolveScope(options.scope, undefined), options.recallTopK, options);
  return {
    remember: tool({ description: MEMORY_TOOL_DESCRIPTIONS.remember, inputSchema: schemas.remember, execute: handlers.remember }),
    recall: tool({ description: MEMORY_TOOL_DESCRIPTIONS.recall, inputSchema: schemas.recall, execute: handlers.recall }),
    forget: tool({ description: MEMORY_TOOL_DESCRIPTIONS.forget, inputSchema: schemas.forget, execute: handlers.forget }),
    listCategories: tool({ description: MEMORY_TOOL_DESCRIPTIONS.listCategories, inputSchema: schemas.listCategories, execute: handlers.listCategories }),
    trace: tool({ description: MEMORY_TOOL_DESCRIPTIONS.trace, inputSchema: schemas.trace, execute: handlers.trace }),
  };
}
