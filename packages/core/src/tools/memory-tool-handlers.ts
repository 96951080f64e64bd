import { z } from "zod";
import { DEFAULT_MEMORY_TYPES, type Item, type Scope, type Source } from "../model/index.js";
import type { MemoryService } from "../service/memory-service.js";
import { rankingFields, type RecallRanking } from "../retrieve/recall-ranking.js";

/** What agent tools return for a memory: the text, its kind, when it happened, and where it came from. */
export interface MemoryToolItem {
  readonly id: string;
  readonly type: string;
  readonly summary: string;
  readonly happenedAt: string | null;
  readonly categories: readonly string[];
  readonly sources: readonly Source[];
  readonly score?: number;
}

export interface MemoryToolCategory {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly itemCount: number;
}

/** A memory as agent tools show it (every adapter's tools and the MCP server's share this form). */
export function toMemoryToolItem(item: Item & { score?: number }): MemoryToolItem {
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

const id = z.string().min(1).max(200).describe("The id of a memory, as returned by recall or remember");

/** The input schemas of the agent tools; framework adapters wrap these, so every framework validates alike. */
export function memoryToolSchemas(memoryTypes: readonly [string, ...string[]] = DEFAULT_MEMORY_TYPES) {
  return {
    remember: z.object({
      text: z.string().trim().min(1).max(2000).describe("The fact, as one self-contained sentence about the user"),
      type: z.enum(memoryTypes).optional().describe("The kind of memory"),
      categories: z.array(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/)).max(5).optional().describe("Topic names such as preferences or work_life"),
    }),
    recall: z.object({
      query: z.string().trim().min(1).max(2000).describe("What to look for, in plain words"),
      topK: z.number().int().min(1).max(20).optional().describe("How many memories to return"),
    }),
    forget: z.object({ id }),
    listCategories: z.object({}),
    trace: z.object({ id }),
  };
}

export const MEMORY_TOOL_DESCRIPTIONS = {
  remember: "Save one lasting fact about the user (a preference, plan, event or detail) for future conversations.",
  recall: "Search the user's memories. Returns the most relevant ones with ids and provenance.",
  forget: "Delete one memory of the user by id (for example when the user asks to forget it).",
  listCategories: "List the topics the user's memories are organised in, with how many memories each holds.",
  trace: "Show where a memory came from: the source and the exact messages or passage.",
} as const;

/**
 * What each agent tool does, bound to one scope. Framework adapters (AI SDK, LangChain) wrap these in their own
 * tool types; the behaviour lives here once. `recall` goes through `retrieve`, so it counts accesses as retrieve
 * does, and ranks as `ranking` says.
 */
export function memoryToolHandlers(memory: MemoryService, scope: () => Scope | Promise<Scope>, recallTopK = 5, ranking: RecallRanking = {}) {
  return {
    remember: async (input: { text: string; type?: string | undefined; categories?: string[] | undefined }): Promise<MemoryToolItem> =>
      toMemoryToolItem(await memory.createItem({ scope: await scope(), type: input.type ?? "knowledge", summary: input.text, ...(input.categories ? { categories: input.categories } : {}) })),
    recall: async (input: { query: string; topK?: number | undefined }): Promise<{ items: MemoryToolItem[] }> => {
      const result = await memory.retrieve({ query: input.query, scope: await scope(), topK: input.topK ?? recallTopK, ...rankingFields(ranking) });
      return { items: result.items.map(toMemoryToolItem) };
    },
    forget: async (input: { id: string }): Promise<{ forgotten: MemoryToolItem }> => ({ forgotten: toMemoryToolItem(await memory.deleteItem({ scope: await scope(), id: input.id })) }),
    listCategories: async (): Promise<{ categories: MemoryToolCategory[] }> => ({
      categories: (await memory.listCategories({ scope: await scope() })).map((category) => ({ id: category.id, name: category.name, description: category.description, itemCount: category.itemCount })),
    }),
    trace: async (input: { id: string }): Promise<{ item: MemoryToolItem; sources: { uri: string; excerpt: string }[] }> => {
      const trace = await memory.trace({ scope: await scope(), id: input.id });
      return { item: toMemoryToolItem(trace.item), sources: trace.sources.map((source) => ({ uri: source.resource.uri, excerpt: source.excerpt })) };
    },
  };
}
