import { z } from "zod";
import { instant, isoDate, scopeInput, whereInput } from "../engine/inputs.js";

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
    /** Only items created at or after this instant (ISO 8601; a date is its midnight UTC). */
    createdFrom: instant.optional(),
    /** Only items created before this instant (exclusive). */
    createdTo: instant.optional(),
    /** Only items filed in a category of one of these names. */
    categories: z.array(z.string().min(1)).min(1).max(100).optional(),
    /** `salience`: relevance × ln(1 + reinforcement + accesses) × recency decay (rag only; see retrieve/salience.ts). */
    ranking: z.enum(["relevance", "salience"]).default("relevance"),
    /** The recency decay's half-life for `ranking: "salience"`. */
    halfLifeDays: z.number().positive().max(36_500).optional(),
  })
  .strict()
  .refine((input) => (input.query === undefined) !== (input.queries === undefined), { message: "give exactly one of query and queries", path: ["query"] })
  .refine((input) => input.createdFrom === undefined || input.createdTo === undefined || input.createdFrom < input.createdTo, { message: "must be later than createdFrom", path: ["createdTo"] })
  .refine((input) => input.method === "rag" || input.ranking === "relevance", { message: "salience ranking applies to method rag; llm keeps the model's order", path: ["ranking"] });
export type RetrieveInput = z.input<typeof retrieveInputSchema>;
