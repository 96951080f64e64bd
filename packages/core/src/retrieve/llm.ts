import { z } from "zod";
import type { Category, Item, Resource } from "../model/index.js";
import type { ModelSession } from "../models/model-session.js";
import { operation, readScope, type Engine } from "../engine/engine.js";
import { categoriesOfItems, matchesFilter, queryVector, rankTier, resourceHit, type RagRequest, type RetrieveResult, type TierSearch } from "./rag.js";

type Tier = RetrieveResult["tiers"][number];

const PREVIEW_CHARS = 600;

export interface LlmRequest extends RagRequest {
  /** The conversation so far, when the caller gave one; the model rewrites its last user message into `query`. */
  readonly conversation?: readonly { role: string; content: string }[];
}

/** A tier's judgement: the model chooses among the candidates offered, so their ids are the only ones it can write. */
export const judgementSchema = (ids: readonly [string, ...string[]]) =>
  z.object({
    relevantIds: z.array(z.enum(ids)),
    sufficient: z.boolean(),
    nextStepQuery: z.string().trim().min(1).nullable(),
  });

export const searchQuerySchema = z.object({ query: z.string().trim().min(1).max(2000) });

/**
 * memU's progressive retrieval: categories, then items, then raw resources. In each tier hybrid search proposes
 * candidates and one model call picks and orders the relevant ones and judges whether everything found so far is
 * enough; the search stops at the first sufficient tier. Filters apply as in rag.
 */
export async function retrieveLlm(engine: Engine, request: LlmRequest): Promise<RetrieveResult> {
  const { usage, session } = operation(engine, "retrieve");
  session.router.requireChat("rank", "method \"llm\"");
  const search: TierSearch = { engine, read: readScope(request.scope, request.where), weights: request.weights };
  const query = request.conversation !== undefined && request.conversation.length > 1 ? await usage.step("rewrite", () => rewrite(engine, session, request.conversation!)) : request.query;

  const tiers: Tier[] = [];
  let current = query;
  let categories: (Category & { score: number })[] = [];
  let items: (Item & { score: number })[] = [];
  let resources: ReturnType<typeof resourceHit>[] = [];
  let verdict = { sufficient: false, nextStepQuery: null as string | null };
  const found = () => [
    ...categories.map((category) => `category ${category.name}: ${preview(category.summary)}`),
    ...items.map((item) => `memory: ${item.summary}`),
  ];
  const step = async <T extends { id: string }>(tier: Tier, candidates: readonly T[], show: (record: T) => string, k: number) => {
    tiers.push(tier);
    if (candidates.length === 0) return [];
    const ids = candidates.map((record) => record.id) as [string, ...string[]];
    const user = [
      `Query: ${current}`,
      `Found so far:\n${found().join("\n") || "(nothing)"}`,
      `Candidate ${tier}:`,
      ...candidates.map((record) => `[${record.id}] ${show(record)}`),
    ].join("\n");
    const answer = await session.object("rank", { system: engine.prompts.rank, user, schema: judgementSchema(ids), schemaName: `${tier}_judgement` });
    verdict = { sufficient: answer.sufficient, nextStepQuery: answer.sufficient ? null : answer.nextStepQuery };
    const chosen = [...new Set(answer.relevantIds)].slice(0, k);
    return chosen.map((id, rank) => ({ record: candidates.find((record) => record.id === id)!, score: 1 - rank / chosen.length }));
  };
  // Tiers search the same query unless the model sharpened it: embed each text once.
  const vectors = new Map<string, Promise<number[] | undefined>>();
  const candidatesFor = async (target: "category" | "item" | "resource", k: number, filter: RagRequest["filter"] | undefined, viaIds: readonly string[]) => {
    if (!vectors.has(current)) vectors.set(current, queryVector(search, current));
    const vector = await vectors.get(current)!;
    return rankTier(search, { text: current, vector }, target, k * 3, filter, viaIds);
  };

  await usage.step("categories", async () => {
    const ranked = await candidatesFor("category", request.topK.categories, undefined, []);
    const candidates = await engine.store.getCategories(search.read, ranked.map((hit) => hit.id));
    const chosen = await step("categories", candidates, (category) => `${category.name} (${category.description}): ${preview(category.summary)}`, request.topK.categories);
    categories = chosen.map(({ record, score }) => ({ ...record, score }));
  });
  if (!verdict.sufficient) {
    current = verdict.nextStepQuery ?? current;
    await usage.step("items", async () => {
      const ranked = await candidatesFor("item", request.topK.items, request.filter, categories.flatMap((category) => category.citedItemIds));
      // Items cited by the chosen categories join the candidates, under the same filters as the searched ones.
      const candidates = (await engine.store.getItems(search.read, ranked.map((hit) => hit.id))).filter((item) => matchesFilter(item, request.filter));
      const chosen = await step("items", candidates, (item) => `(${item.type}${item.happenedAt === null ? "" : `, ${item.happenedAt}`}) ${item.summary}`, request.topK.items);
      items = chosen.map(({ record, score }) => ({ ...record, score }));
      // Categories of the chosen items join the answer, as in rag.
      const known = new Set(categories.map((category) => category.id));
      const more = (await categoriesOfItems(search, items)).filter((category) => !known.has(category.id));
      categories.push(...more.slice(0, Math.max(0, request.topK.categories - categories.length)).map((category) => ({ ...category, score: 0 })));
    });
  }
  if (!verdict.sufficient) {
    current = verdict.nextStepQuery ?? current;
    await usage.step("resources", async () => {
      const ranked = await candidatesFor("resource", request.topK.resources, undefined, [...new Set(items.flatMap((item) => item.sources.map((source) => source.resourceId)))]);
      const candidates = (await Promise.all(ranked.map((hit) => engine.store.getResource(search.read, hit.id)))).filter((resource): resource is Resource => resource !== null);
      const chosen = await step("resources", candidates, (resource) => `${resource.modality} ${resource.uri}${resource.caption === null ? "" : ` "${resource.caption}"`}: ${preview(resource.text)}`, request.topK.resources);
      resources = chosen.map(({ record, score }) => resourceHit(record, score));
    });
  }
  return { method: "llm", query, items, categories, resources, sufficient: verdict.sufficient, tiers, nextStepQuery: verdict.nextStepQuery, usage: usage.finish() };
}

function preview(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > PREVIEW_CHARS ? `${flat.slice(0, PREVIEW_CHARS)}…` : flat;
}

async function rewrite(engine: Engine, session: ModelSession, conversation: readonly { role: string; content: string }[]): Promise<string> {
  const user = conversation.map((message) => `${message.role}: ${message.content}`).join("\n");
  const answer = await session.object("rewrite", { system: engine.prompts.rewrite, user, schema: searchQuerySchema, schemaName: "search_query" });
  return answer.query;
}
