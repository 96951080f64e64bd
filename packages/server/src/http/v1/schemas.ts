import { categoryChangeSchema, categorySchema, itemSchema, modalitySchema, reorganizeInputSchema, resourceSchema } from "@memograph/core";
import { z } from "@hono/zod-openapi";

// ---- scope ----

const scopeValue = z.string().min(1).max(256);
const userId = scopeValue.optional().openapi({ description: "The user whose memories are read or written. A member key may omit it (its own user) and may name no other; an admin key must name it." });
export const scopeFields = { userId, agentId: scopeValue.optional(), sessionId: scopeValue.optional() };
export const scopeQuery = z.object(scopeFields);
export const userQuery = z.object({ userId });

const limit = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);
const cursor = z.string().min(1).max(2000).optional();
export const idParam = z.object({ id: z.string().min(1).max(200).openapi({ param: { name: "id", in: "path" } }) });

// ---- records (the core's own schemas) ----

// Rebuilt from the core's shapes here: a schema made before @hono/zod-openapi loaded cannot take `.openapi()`.
export const item = z.object(itemSchema.shape).openapi("Item");
export const category = z.object(categorySchema.shape).openapi("Category");
export const resource = z.object(resourceSchema.shape).openapi("Resource");
const resourceWithoutText = resource.omit({ text: true });

const usage = z
  .object({ modelCalls: z.number(), inputTokens: z.number(), outputTokens: z.number(), durationMs: z.number(), steps: z.record(z.string(), z.unknown()), profiles: z.record(z.string(), z.unknown()) })
  .openapi("Usage");

export const memorizeResult = z
  .object({ created: z.boolean(), resource, items: z.array(item).readonly(), superseded: z.array(item).readonly(), categories: z.array(category).readonly(), usage })
  .openapi("MemorizeResult");

export const retrieveResult = z
  .object({
    method: z.enum(["rag", "llm"]),
    query: z.string(),
    items: z.array(item.extend({ score: z.number() })).readonly(),
    categories: z.array(category.extend({ score: z.number() })).readonly(),
    resources: z.array(z.object({ id: z.string(), uri: z.string(), modality: modalitySchema, caption: z.string().nullable(), createdAt: z.string(), scope: z.record(z.string(), z.string()), score: z.number() })).readonly(),
    sufficient: z.boolean().nullable(),
    tiers: z.array(z.enum(["categories", "items", "resources"])).readonly(),
    nextStepQuery: z.string().nullable(),
    usage,
  })
  .openapi("RetrieveResult");

const taskError = z.object({ code: z.string(), message: z.string(), field: z.string().optional() });
export const task = z
  .object({
    id: z.string(),
    kind: z.literal("memorize"),
    status: z.enum(["pending", "running", "succeeded", "failed"]),
    userId: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    attempts: z.number().int(),
    result: memorizeResult.optional(),
    error: taskError.optional(),
  })
  .openapi("Task");

// ---- memorize, retrieve ----

const message = z.object({ role: z.string().min(1), content: z.string(), createdAt: z.string().optional(), name: z.string().optional() });

export const memorizeBody = z
  .object({
    ...scopeFields,
    content: z.union([z.string().min(1), z.array(message).min(1)]).optional().openapi({ description: "Text, or a conversation as messages" }),
    resourceUrl: z.string().min(1).optional().openapi({ description: "A URL the server's loader policy allows" }),
    uri: z.string().min(1).optional().openapi({ description: "A name for inline content, shown in provenance" }),
    modality: modalitySchema.optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
    async: z.boolean().default(false).openapi({ description: "Run as a background task: answers 202 with the task" }),
  })
  .strict()
  .openapi("MemorizeRequest");

export const memorizeAccepted = z.object({ task }).openapi("MemorizeAccepted");

const topK = z.number().int().min(1).max(200);
/** An ISO 8601 time or date; core reads a date as its midnight UTC. */
const instant = z.iso.datetime({ offset: true }).or(z.iso.date());
export const retrieveBody = z
  .object({
    ...scopeFields,
    query: z.string().min(1).max(10_000),
    topK: z.union([topK, z.object({ items: topK.optional(), categories: topK.optional(), resources: topK.optional() }).strict()]).optional(),
    method: z.enum(["rag", "llm"]).default("rag"),
    where: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional().openapi({ description: "Narrows the scope: { agentId: \"a\" } or { sessionId__in: [\"s1\", \"s2\"] }; an admin reading every user may narrow to some with { userId__in: [...] }" }),
    types: z.array(z.string().min(1)).min(1).optional(),
    createdFrom: instant.optional().openapi({ description: "Only memories created at or after this time (ISO 8601; a date is its midnight UTC)" }),
    createdTo: instant.optional().openapi({ description: "Only memories created before this time (exclusive)" }),
    categories: z.array(z.string().min(1)).min(1).max(100).optional().openapi({ description: "Only memories filed in a category of one of these names" }),
    ranking: z
      .enum(["relevance", "salience"])
      .optional()
      .openapi({ description: "relevance (default): by the query alone. salience (method rag): relevance × ln(1 + reinforcements + accesses) × recency decay, so memories used often and lately rise" }),
    halfLifeDays: z.number().positive().max(36_500).optional().openapi({ description: "The recency half-life of salience ranking, in days (default 30)" }),
  })
  .strict()
  .openapi("RetrieveRequest");

// ---- items ----

export const listItemsQuery = z.object({
  ...scopeFields,
  type: z.string().min(1).optional().openapi({ description: "Only this memory type" }),
  from: instant.optional().openapi({ description: "Only items created at or after this time (ISO 8601; a date means its midnight UTC)" }),
  to: instant.optional().openapi({ description: "Only items created before this time (exclusive; ISO 8601)" }),
  category: z.string().min(1).optional().openapi({ description: "Only items filed in this category (name)" }),
  status: z.enum(["active", "superseded", "all"]).default("active"),
  limit: limit(500, 50),
  cursor,
}).refine((query) => query.from === undefined || query.to === undefined || Date.parse(query.from) < Date.parse(query.to), { message: "must be later than from", path: ["to"] });
export const itemPage = z.object({ items: z.array(item), nextCursor: z.string().nullable() }).openapi("ItemPage");

export const createItemBody = z
  .object({
    ...scopeFields,
    type: z.string().min(1),
    summary: z.string().min(1).max(10_000),
    categories: z.array(z.string().min(1).max(100)).optional(),
    happenedAt: z.string().nullable().optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
  .openapi("CreateItemRequest");

export const updateItemBody = z
  .object({
    ...scopeFields,
    type: z.string().min(1).optional(),
    summary: z.string().min(1).max(10_000).optional(),
    categories: z.array(z.string().min(1).max(100)).optional(),
    happenedAt: z.string().nullable().optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
  .openapi("UpdateItemRequest");

export const trace = z
  .object({
    item,
    sources: z.array(z.object({ resource: resourceWithoutText, span: z.unknown(), excerpt: z.string() })).readonly(),
    categories: z.array(category).readonly(),
  })
  .openapi("Trace");

// ---- categories, resources ----

export const categoryList = z.object({ categories: z.array(category) }).openapi("CategoryList");
export const listResourcesQuery = z.object({ ...scopeFields, limit: limit(500, 50), cursor });
export const resourcePage = z.object({ resources: z.array(resource), nextCursor: z.string().nullable() }).openapi("ResourcePage");
export const deleteResourceResult = z
  .object({ resourceId: z.string(), deletedItemIds: z.array(z.string()), keptItemIds: z.array(z.string()) })
  .openapi("DeleteResourceResult");

// ---- category reorganisation ----

// The options are core's own (limits and defaults); only the scope travels as the other routes' scope fields.
const reorganizeOptions = reorganizeInputSchema.omit({ scope: true }).shape;
export const reorganizeBody = z
  .object({
    ...scopeFields,
    ...reorganizeOptions,
    method: reorganizeOptions.method.describe("keywords: offline clustering, no model; model: one call proposes the structure. Default: model when a chat model serves the reorganize step, else keywords"),
    splitAbove: reorganizeOptions.splitAbove.describe("Split a category with more active items than this (default 50)"),
    mergeAtMost: reorganizeOptions.mergeAtMost.describe("Merge a category with at most this many active items into the most similar one (default 1)"),
    overlap: reorganizeOptions.overlap.describe("Merge categories sharing at least this share of their items, Jaccard (default 0.5)"),
    similarity: reorganizeOptions.similarity.describe("Merge categories whose keyword profiles have at least this cosine similarity, keyword method (default 0.8)"),
    maxParts: reorganizeOptions.maxParts.describe("The most parts one split makes (default 4)"),
    dryRun: reorganizeOptions.dryRun.describe("Plan and report, write nothing"),
  })
  .strict()
  .openapi("ReorganizeRequest");

export const categoryChange = z.object(categoryChangeSchema.shape).openapi("CategoryChange");
const planStep = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("split"), category: z.string(), parts: z.array(z.object({ name: z.string(), description: z.string(), itemIds: z.array(z.string()).readonly() })).readonly(), reason: z.string() }),
    z.object({ kind: z.literal("merge"), from: z.string(), into: z.string(), reason: z.string() }),
  ])
  .openapi("PlanStep");
export const reorganizeResult = z
  .object({
    changes: z.array(categoryChange).readonly().openapi({ description: "The splits and merges made (with dryRun: that would be), as the change log records them" }),
    skipped: z.array(z.object({ step: planStep, why: z.string() })).readonly().openapi({ description: "Proposed steps left out, with why" }),
    categories: z.array(category).readonly().openapi({ description: "The scope's categories afterwards (with dryRun: as they are)" }),
    dryRun: z.boolean(),
    usage,
  })
  .openapi("ReorganizeResult");

export const listCategoryChangesQuery = z.object({ ...scopeFields, limit: limit(500, 50), cursor });
export const categoryChangePage = z.object({ changes: z.array(categoryChange), nextCursor: z.string().nullable() }).openapi("CategoryChangePage");

// ---- graph, stats, forget, export ----

export const graphQuery = z.object({
  ...scopeFields,
  category: z.string().min(1).optional().openapi({ description: "Only items of this category (name)" }),
  resource: z.string().min(1).optional().openapi({ description: "Only items drawn from this resource (id)" }),
  limit: limit(1000, 200),
});
export const graph = z
  .object({
    nodes: z.array(z.object({ id: z.string(), kind: z.enum(["resource", "item", "category"]), label: z.string(), type: z.string().optional() })),
    edges: z.array(z.object({ source: z.string(), target: z.string(), kind: z.enum(["extracted_from", "in_category", "cites"]) })),
    truncated: z.boolean(),
  })
  .openapi("Graph");

const profileUsage = z.object({ calls: z.number().int(), inputTokens: z.number().int(), outputTokens: z.number().int() });
export const modelUsage = z
  .object({
    source: z.literal("memorize tasks").openapi({ description: "Summed from the usage each succeeded memorize task recorded; synchronous memorize and retrieve record none" }),
    tasks: z.number().int().openapi({ description: "How many tasks were summed" }),
    truncated: z.boolean().openapi({ description: "True when older tasks than the 1,000 newest were left out" }),
    modelCalls: z.number().int(),
    inputTokens: z.number().int(),
    outputTokens: z.number().int(),
    byProfile: z.record(z.string(), profileUsage).openapi({ description: "By model profile (default, vision, embedding, ...)" }),
  })
  .openapi("ModelUsage");

export const stats = z
  .object({
    items: z.object({ total: z.number().int(), byType: z.record(z.string(), z.number().int()) }),
    categories: z.array(z.object({ id: z.string(), name: z.string(), itemCount: z.number().int() })),
    resources: z.object({ total: z.number().int(), recent: z.array(resource) }),
    tasks: z.object({ pending: z.number().int(), running: z.number().int(), failed: z.number().int() }),
    usage: modelUsage,
  })
  .openapi("Stats");

export const forgetBody = z
  .object({ ...scopeFields, confirm: z.string().min(1).openapi({ description: "The userId again: erasure is never one typo away" }) })
  .strict()
  .openapi("ForgetRequest");
export const forgetCounts = z.object({ resources: z.number().int(), items: z.number().int(), categories: z.number().int() }).openapi("ForgetCounts");

export const exported = z.object({ resources: z.array(resource), items: z.array(item), categories: z.array(category) }).openapi("Export");

// ---- tasks ----

export const listTasksQuery = z.object({ userId: scopeValue.optional(), status: z.enum(["pending", "running", "succeeded", "failed"]).optional(), limit: limit(200, 50), cursor });
export const taskPage = z.object({ tasks: z.array(task), nextCursor: z.string().nullable() }).openapi("TaskPage");

// ---- principal, keys ----

export const me = z
  .object({ keyId: z.string(), name: z.string().nullable(), role: z.enum(["admin", "member"]), userId: z.string().nullable(), readOnly: z.boolean() })
  .openapi("Me");

export const keyRecord = z
  .object({
    id: z.string(),
    name: z.string().nullable(),
    role: z.enum(["admin", "member"]),
    userId: z.string().nullable(),
    readOnly: z.boolean(),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
  })
  .openapi("KeyRecord");
export const keyList = z.object({ keys: z.array(keyRecord) }).openapi("KeyList");
export const createKeyBody = z
  .object({
    role: z.enum(["admin", "member"]),
    userId: scopeValue.optional(),
    readOnly: z.boolean().optional(),
    name: z.string().min(1).max(200).optional(),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict()
  .openapi("CreateKeyRequest");
export const createdKey = z.object({ key: z.string().openapi({ description: "The secret, shown only in this answer" }), record: keyRecord }).openapi("CreatedKey");

// ---- users (admin) ----

export const listUsersQuery = z.object({
  prefix: scopeValue.optional().openapi({ description: "Only user ids starting with this" }),
  limit: limit(500, 50),
  cursor,
});
export const userUsage = z
  .object({
    userId: z.string(),
    items: z.number().int().openapi({ description: "Stored items of every status (superseded versions included)" }),
    resources: z.number().int(),
    categories: z.number().int(),
    agentIds: z.array(z.string()).openapi({ description: "The agents the user's memories are scoped to" }),
    scopes: z.number().int().openapi({ description: "How many exact scopes (user, agent, session) hold them" }),
  })
  .openapi("UserUsage");
export const userPage = z.object({ users: z.array(userUsage), nextCursor: z.string().nullable() }).openapi("UserPage");

export const health = z.object({ status: z.literal("ok"), version: z.string() }).openapi("Health");
