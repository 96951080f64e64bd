import { z } from "zod";
import { modalitySchema } from "../model/index.js";
import { MAX_JSON_DEPTH, nestsDeeperThan } from "../util/json-depth.js";

const scopeInput = z.record(z.string(), z.unknown());
/**
 * Kept as given (ScopeSpec.parseWhere checks every key): a record schema would copy it and drop a `__proto__` key,
 * and a filter that loses a condition widens what a forget erases.
 */
const whereInput = z.custom<Record<string, unknown>>((value) => typeof value === "object" && value !== null && !Array.isArray(value), "expected an object").optional();
const id = z.string().min(1).max(200);
const isoDate = z.iso.datetime({ offset: true }).or(z.iso.date());
/** An ISO 8601 time or date, as the UTC ISO string stores compare `createdAt` with. */
const instant = isoDate.transform((value) => new Date(value).toISOString());
const notTooDeep = (value: unknown) => !nestsDeeperThan(value, MAX_JSON_DEPTH);
const depthMessage = `nests deeper than ${MAX_JSON_DEPTH} levels`;
/** Caller metadata: stored as JSON, so bounded in depth like any JSON input. */
const metadataInput = z.record(z.string(), z.unknown()).refine(notTooDeep, depthMessage);

export const memorizeInputSchema = z
  .object({
    /** A local path or URL, loaded through the configured loader. */
    resourceUrl: z.string().min(1).optional(),
    /** Inline content: text, or a JSON value (a conversation). */
    content: z.union([z.string().min(1), z.array(z.unknown()).min(1), z.record(z.string(), z.unknown())]).refine(notTooDeep, depthMessage).optional(),
    /** A name for inline content (shown in provenance). */
    uri: z.string().min(1).optional(),
    modality: modalitySchema.optional(),
    scope: scopeInput,
    metadata: metadataInput.default({}),
  })
  .strict()
  .refine((input) => (input.resourceUrl === undefined) !== (input.content === undefined), {
    message: "give exactly one of resourceUrl and content",
    path: ["resourceUrl"],
  });
export type MemorizeInput = z.input<typeof memorizeInputSchema>;

const topK = z.number().int().min(1).max(200);

/** The longest query retrieve takes, in characters (adapters condense a longer message with `recallQuery`). */
export const MAX_QUERY_CHARS = 10_000;
/** The most messages of a conversation given as `queries`. */
export const MAX_QUERY_MESSAGES = 100;

export const retrieveInputSchema = z
  .object({
    query: z.string().min(1).max(MAX_QUERY_CHARS).optional(),
    /** memU style: the conversation so far; the last user message is the query. Each message obeys the query's limit. */
    queries: z.array(z.object({ role: z.string().max(100), content: z.string().max(MAX_QUERY_CHARS) })).min(1).max(MAX_QUERY_MESSAGES).optional(),
    scope: scopeInput,
    where: whereInput,
    method: z.enum(["rag", "llm"]).default("rag"),
    topK: z.union([topK, z.object({ items: topK.optional(), categories: topK.optional(), resources: topK.optional() }).strict()]).optional(),
    types: z.array(z.string().min(1)).min(1).optional(),
    happenedAfter: isoDate.optional(),
    happenedBefore: isoDate.optional(),
    /** `salience`: relevance × ln(1 + reinforcement + accesses) × recency decay (rag only; see retrieve/salience.ts). */
    ranking: z.enum(["relevance", "salience"]).default("relevance"),
    /** The recency decay's half-life for `ranking: "salience"`. */
    halfLifeDays: z.number().positive().max(36_500).optional(),
  })
  .strict()
  .refine((input) => (input.query === undefined) !== (input.queries === undefined), { message: "give exactly one of query and queries", path: ["query"] })
  .refine((input) => input.method === "rag" || input.ranking === "relevance", { message: "salience ranking applies to method rag; llm keeps the model's order", path: ["ranking"] });
export type RetrieveInput = z.input<typeof retrieveInputSchema>;

export const scopedIdSchema = z.object({ scope: scopeInput, id }).strict();
export type ScopedIdInput = z.input<typeof scopedIdSchema>;

export const scopeOnlySchema = z.object({ scope: scopeInput, where: whereInput }).strict();
export type ScopeOnlyInput = z.input<typeof scopeOnlySchema>;

export const listResourcesInputSchema = z
  .object({ scope: scopeInput, where: whereInput, limit: z.number().int().min(1).max(500).default(50), cursor: z.string().min(1).optional() })
  .strict();
export type ListResourcesInput = z.input<typeof listResourcesInputSchema>;

export const listItemsInputSchema = z
  .object({
    scope: scopeInput,
    where: whereInput,
    types: z.array(z.string().min(1)).min(1).optional(),
    /** Only items whose id starts with this (answered by the id index). */
    idPrefix: z.string().regex(/^itm_[A-Za-z0-9_-]*$/, "itm_ followed by letters, digits, _ or -").max(200).optional(),
    status: z.enum(["active", "superseded", "all"]).default("active"),
    /** Only items created at or after this instant (ISO 8601; a date is its midnight UTC). */
    createdFrom: instant.optional(),
    /** Only items created before this instant (exclusive). */
    createdTo: instant.optional(),
    limit: z.number().int().min(1).max(500).default(50),
    cursor: z.string().min(1).optional(),
  })
  .strict()
  .refine((input) => input.createdFrom === undefined || input.createdTo === undefined || input.createdFrom < input.createdTo, { message: "must be later than createdFrom", path: ["createdTo"] });
export type ListItemsInput = z.input<typeof listItemsInputSchema>;

export const createItemInputSchema = z
  .object({
    scope: scopeInput,
    /**
     * A caller-chosen id (for adapters that address items by key); must not exist yet in this scope. The item is
     * stored as `scopedItemId(scope, id)`: the id with a suffix of the scope's hash, which the result carries.
     */
    id: z.string().regex(/^itm_[A-Za-z0-9_-]{1,96}$/, "itm_ followed by letters, digits, _ or -").optional(),
    type: z.string().min(1),
    summary: z.string().trim().min(1).max(10_000),
    categories: z.array(z.string().min(1).max(100)).optional(),
    happenedAt: isoDate.nullable().optional(),
    metadata: metadataInput.default({}),
  })
  .strict();
export type CreateItemInput = z.input<typeof createItemInputSchema>;

export const updateItemInputSchema = z
  .object({
    scope: scopeInput,
    id,
    type: z.string().min(1).optional(),
    summary: z.string().trim().min(1).max(10_000).optional(),
    categories: z.array(z.string().min(1).max(100)).optional(),
    happenedAt: isoDate.nullable().optional(),
    metadata: metadataInput.optional(),
  })
  .strict();
export type UpdateItemInput = z.input<typeof updateItemInputSchema>;

/** Marks item `id` superseded by item `by` (both of the caller's exact scope): `id` stays as history, out of default results. */
export const supersedeItemInputSchema = z.object({ scope: scopeInput, id, by: id }).strict();
export type SupersedeItemInput = z.input<typeof supersedeItemInputSchema>;

const categoryName = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "lower-case letters, digits, _ and -, at most 64");

export const createCategoryInputSchema = z.object({ scope: scopeInput, name: categoryName, description: z.string().max(1000).default("") }).strict();
export type CreateCategoryInput = z.input<typeof createCategoryInputSchema>;

export const updateCategoryInputSchema = z
  .object({ scope: scopeInput, id, description: z.string().max(1000).optional(), summary: z.string().max(100_000).optional() })
  .strict();
export type UpdateCategoryInput = z.input<typeof updateCategoryInputSchema>;

