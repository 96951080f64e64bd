import { z } from "zod";
import { categoryChangeSchema, categorySchema, itemSchema, memoryToolSchemas, modalitySchema, reorganizeInputSchema, resourceSchema, spanSchema } from "@memograph/core";

// Inputs reuse the agent-tool schemas core gives every framework adapter (recall's query and topK, an item id), so an
// MCP client and an AI SDK agent are held to the same limits; the MCP tools add what only they expose.
const agentTools = memoryToolSchemas();

const scopeValue = z.string().min(1).max(256);
const where = z
  .record(z.string(), z.union([scopeValue, z.array(scopeValue).min(1).max(100)]))
  .describe("Narrow within this connection's scope, e.g. {\"agentId\": \"coder\"} or {\"sessionId__in\": [\"s1\", \"s2\"]}; it can never widen it");
const types = z.array(z.string().min(1).max(64)).min(1).max(20).describe("Only these memory types (profile, event, knowledge, behavior, skill, tool)");
const categoryNames = z.array(z.string().min(1)).min(1).max(100).describe("Only memories filed in one of these categories (names, as list_categories gives them)");
const page = {
  limit: z.number().int().min(1).max(100).optional().describe("Page size, default 20"),
  cursor: z.string().min(1).max(1000).optional().describe("nextCursor of the previous page"),
};
// Reorganise takes core's own options (limits, defaults); the scope is the connection's.
const reorganize = reorganizeInputSchema.omit({ scope: true }).shape;
const isoDate = z.iso.datetime({ offset: true }).or(z.iso.date());

const message = z
  .object({
    role: z.string().min(1).max(64).describe("user, assistant, or the speaker's name"),
    content: z.string().max(100_000),
    name: z.string().min(1).max(200).optional().describe("The speaker's name, when role is user or assistant"),
    createdAt: isoDate.optional().describe("When the message was sent (ISO 8601); resolves words like \"yesterday\""),
  })
  .strict();

export const toolInputs = {
  memorize: z
    .object({
      content: z
        .union([z.string().min(1).max(1_000_000), z.array(message).min(1).max(5000)])
        .optional()
        .describe("What to remember: a text (a note, a document, or a 'Name: text' transcript) or a list of chat messages"),
      url: z.string().min(1).max(4096).optional().describe("Instead of content: a URL or file path the server's loader allows"),
      modality: modalitySchema.optional().describe("Override detection: conversation, document, image, audio or video"),
      name: z.string().min(1).max(500).optional().describe("A name for inline content, shown as its source in provenance"),
    })
    .strict(),
  retrieve: agentTools.recall
    .extend({
      method: z.enum(["rag", "llm"]).optional().describe("rag (default): vector and keyword search, no model calls; llm: the model ranks categories and items"),
      types: types.optional(),
      where: where.optional(),
      happenedAfter: isoDate.optional().describe("Only memories of things that happened at or after this time"),
      happenedBefore: isoDate.optional().describe("Only memories of things that happened before this time"),
      createdFrom: isoDate.optional().describe("Only memories stored at or after this time (a date is its midnight UTC)"),
      createdTo: isoDate.optional().describe("Only memories stored before this time"),
      categories: categoryNames.optional(),
      ranking: z
        .enum(["relevance", "salience"])
        .optional()
        .describe("relevance (default): by the query alone; salience: relevance × reinforcement and use × recency decay, so often-used recent memories rise (rag only)"),
      halfLifeDays: z.number().positive().max(36_500).optional().describe("The recency half-life of salience ranking, in days (default 30)"),
    })
    .strict(),
  listMemories: z
    .object({
      types: types.optional(),
      categories: categoryNames.optional(),
      where: where.optional(),
      status: z.enum(["active", "superseded", "all"]).optional().describe("active (default), superseded (replaced by newer memories) or all"),
      ...page,
    })
    .strict(),
  getMemory: agentTools.trace.strict(),
  traceMemory: agentTools.trace.strict(),
  listCategories: agentTools.listCategories.strict(),
  deleteMemory: agentTools.forget.strict(),
  reorganizeCategories: z
    .object({
      method: reorganize.method.describe("keywords: offline keyword clustering, no model calls; model: one model call proposes the structure. Default: model when the server has one for it"),
      splitAbove: reorganize.splitAbove.describe("Split a category holding more active memories than this (default 50)"),
      mergeAtMost: reorganize.mergeAtMost.describe("Merge a category holding at most this many active memories into the most similar one (default 1)"),
      overlap: reorganize.overlap.describe("Merge two categories sharing at least this share of their memories (default 0.5)"),
      similarity: reorganize.similarity.describe("Merge two categories whose keywords are at least this similar, cosine (default 0.8)"),
      maxParts: reorganize.maxParts.describe("The most categories one split makes (default 4)"),
      dryRun: reorganize.dryRun.describe("true: only show what would change, change nothing. Use it first to show the user the plan"),
    })
    .strict(),
  categoryChanges: z.object(page).strict(),
  forget: z
    .object({ confirm: z.boolean().describe("Must be true: erases every memory, source and category of this connection's scope, for good") })
    .strict(),
};

// Outputs are projections of core's own model schemas: an agent gets the memory, its kind, time, categories and
// provenance, not the bookkeeping fields (hashes, counters) of the stored record.
const item = itemSchema.pick({ id: true, type: true, summary: true, happenedAt: true, categories: true, sources: true, status: true, createdAt: true });
const scoredItem = item.extend({ score: z.number() });
const category = categorySchema.pick({ id: true, name: true, description: true, itemCount: true });
const categoryWithSummary = categorySchema.pick({ id: true, name: true, description: true, itemCount: true, summary: true }).extend({
  uri: z.string().describe("The MCP resource holding this category's markdown summary"),
});
const resource = resourceSchema.pick({ id: true, uri: true, modality: true, caption: true, createdAt: true });

// A change as the log keeps it, without the scope (always the connection's).
const categoryChange = categoryChangeSchema.omit({ scope: true });

export type ToolCategory = z.infer<typeof categoryWithSummary>;
export type ToolResource = z.infer<typeof resource>;
export type ToolCategoryChange = z.infer<typeof categoryChange>;

export const toolOutputs = {
  memorize: z.object({
    created: z.boolean().describe("False when this exact content was memorized before: nothing new was written"),
    resource,
    items: z.array(item),
    categories: z.array(categoryWithSummary),
  }),
  retrieve: z.object({
    items: z.array(scoredItem),
    categories: z.array(category.extend({ score: z.number() })),
    resources: z.array(resource.extend({ score: z.number() })),
  }),
  listMemories: z.object({ items: z.array(item), nextCursor: z.string().nullable() }),
  getMemory: z.object({ item }),
  traceMemory: z.object({
    item,
    sources: z.array(z.object({ resource, span: spanSchema, text: z.string().describe("The text of the span the memory was drawn from") })),
    categories: z.array(category),
  }),
  listCategories: z.object({ categories: z.array(categoryWithSummary) }),
  deleteMemory: z.object({ deleted: item }),
  reorganizeCategories: z.object({
    dryRun: z.boolean(),
    changes: z.array(categoryChange).describe("The splits and merges made (with dryRun: that would be made), oldest first"),
    skipped: z.array(z.object({ kind: z.enum(["split", "merge"]), category: z.string(), why: z.string() })).describe("Proposed steps left out, with why"),
    categories: z.array(category).describe("The categories afterwards (with dryRun: as they are)"),
  }),
  categoryChanges: z.object({ changes: z.array(categoryChange), nextCursor: z.string().nullable() }),
  forget: z.object({ resources: z.number().int(), items: z.number().int(), categories: z.number().int() }),
};
