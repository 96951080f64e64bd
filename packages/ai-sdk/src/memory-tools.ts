import { tool, type Tool } from "ai";
import { z } from "zod";
import { DEFAULT_MEMORY_TYPES, type Item, type MemoryService, type Source } from "@memograph/core";
import { resolveScope, type ScopeSource } from "./scope-source.js";

export interface MemoryToolsOptions {
  readonly memory: MemoryService;
  /** Whose memories the tools act on. Create the tools per request with that user's scope, or pass a resolver. */
  readonly scope: ScopeSource<void>;
  /** The memory types `remember` accepts; must match the memory's configuration. Default: memU's six. */
  readonly memoryTypes?: readonly [string, ...string[]];
  /** How many memories `recall` returns when the model does not say. Default 5. */
  readonly recallTopK?: number;
}

/** What the tools return for a memory: the text, its kind, when it happened, and where it came from. */
export interface MemoryToolItem {
  readonly id: string;
  readonly type: string;
  readonly summary: string;
  readonly happenedAt: string | null;
  readonly categories: readonly string[];
  readonly sources: readonly Source[];
  readonly score?: number;
}

function toToolItem(item: Item & { score?: number }): MemoryToolItem {
  return {
    id: item.id,
    type: item.type,
    summary: item.summary,
    happenedAt: item.happenedAt,
    categories: item.categories,
    sources: item.sources,
    ...(item.score === undefined ? {} : { score: item.score }),
  };
}

/** The tools, with their input and output types (type-checked in memory-tools.test-d.ts). */
// A type alias, not an interface: it must be assignable to the SDK's `ToolSet` index signature.
export type MemoryTools = {
  readonly remember: Tool<{ text: string; type?: string | undefined; categories?: string[] | undefined }, MemoryToolItem>;
  readonly recall: Tool<{ query: string; topK?: number | undefined }, { items: MemoryToolItem[] }>;
  readonly forget: Tool<{ id: string }, { forgotten: MemoryToolItem }>;
  readonly listCategories: Tool<Record<string, never>, { categories: { id: string; name: string; description: string; itemCount: number }[] }>;
  readonly trace: Tool<{ id: string }, { item: MemoryToolItem; sources: { uri: string; excerpt: string }[] }>;
};

const id = z.string().min(1).max(200).describe("The id of a memory, as returned by recall or remember");

/**
 * AI SDK tools over memograph: remember, recall, forget, listCategories and trace, all bound to one scope.
 * Inputs are zod-validated by the SDK before anything runs, so an invalid call writes nothing.
 */
export function memoryTools(options: MemoryToolsOptions): MemoryTools {
  const { memory } = options;
  const types = options.memoryTypes ?? DEFAULT_MEMORY_TYPES;
  const scope = () => resolveScope(options.scope, undefined);
  return {
    remember: tool({
      description: "Save one lasting fact about the user (a preference, plan, event or detail) for future conversations.",
      inputSchema: z.object({
        text: z.string().trim().min(1).max(2000).describe("The fact, as one self-contained sentence about the user"),
        type: z.enum(types as [string, ...string[]]).optional().describe("The kind of memory"),
        categories: z.array(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/)).max(5).optional().describe("Topic names such as preferences or work_life"),
      }),
      execute: async ({ text, type, categories }): Promise<MemoryToolItem> =>
        toToolItem(await memory.createItem({ scope: await scope(), type: type ?? "knowledge", summary: text, ...(categories ? { categories } : {}) })),
    }),
    recall: tool({
      description: "Search the user's memories. Returns the most relevant ones with ids and provenance.",
      inputSchema: z.object({
        query: z.string().trim().min(1).max(2000).describe("What to look for, in plain words"),
        topK: z.number().int().min(1).max(20).optional().describe("How many memories to return"),
      }),
      execute: async ({ query, topK }): Promise<{ items: MemoryToolItem[] }> => {
        const result = await memory.retrieve({ query, scope: await scope(), topK: topK ?? options.recallTopK ?? 5 });
        return { items: result.items.map(toToolItem) };
      },
    }),
    forget: tool({
      description: "Delete one memory of the user by id (for example when the user asks to forget it).",
      inputSchema: z.object({ id }),
      execute: async (input): Promise<{ forgotten: MemoryToolItem }> => ({ forgotten: toToolItem(await memory.deleteItem({ scope: await scope(), id: input.id })) }),
    }),
    listCategories: tool({
      description: "List the topics the user's memories are organised in, with how many memories each holds.",
      inputSchema: z.object({}),
      execute: async (): Promise<{ categories: { id: string; name: string; description: string; itemCount: number }[] }> => ({
        categories: (await memory.listCategories({ scope: await scope() })).map(({ id: categoryId, name, description, itemCount }) => ({ id: categoryId, name, description, itemCount })),
      }),
    }),
    trace: tool({
      description: "Show where a memory came from: the source and the exact messages or passage.",
      inputSchema: z.object({ id }),
      execute: async (input): Promise<{ item: MemoryToolItem; sources: { uri: string; excerpt: string }[] }> => {
        const trace = await memory.trace({ scope: await scope(), id: input.id });
        return { item: toToolItem(trace.item), sources: trace.sources.map((source) => ({ uri: source.resource.uri, excerpt: source.excerpt })) };
      },
    }),
  };
}
