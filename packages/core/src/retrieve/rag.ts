import { scopeKey, type Category, type Item, type Modality, type Resource, type Scope, type ScopeCondition } from "../model/index.js";
import type { ItemFilter, ReadScope, SearchTarget } from "../ports/index.js";
import { operation, readScope, type Engine } from "../engine/engine.js";
import type { Usage } from "../engine/usage.js";
import { reciprocalRankFusion, RRF_K } from "./reciprocal-rank-fusion.js";
import { rankBySalience, type Ranking } from "./salience.js";

export interface ItemHit extends Item {
  /** Reciprocal-rank-fused score of vector and keyword search, or the salience with `ranking: "salience"`; higher is better. */
  readonly score: number;
}

export interface CategoryHit extends Category {
  readonly score: number;
}

/** A resource hit, without its full text (`getResource` and `trace` give that). */
export interface ResourceHit {
  readonly id: string;
  readonly uri: string;
  readonly modality: Modality;
  readonly caption: string | null;
  readonly createdAt: string;
  /** Whose it is (a retrieve across scopes mixes users). */
  readonly scope: Scope;
  readonly score: number;
}

export interface RetrieveResult {
  readonly method: "rag" | "llm";
  /** The query searched: the caller's, or the model's standalone rewrite of the conversation (llm). */
  readonly query: string;
  readonly items: readonly ItemHit[];
  readonly categories: readonly CategoryHit[];
  readonly resources: readonly ResourceHit[];
  /** llm: whether the model judged what was found enough to answer; null for rag. */
  readonly sufficient: boolean | null;
  /** llm: the tiers searched, in order; the search stops at the first tier found sufficient. */
  readonly tiers: readonly ("categories" | "items" | "resources")[];
  /** llm: what the model would search for next when not sufficient; null otherwise. */
  readonly nextStepQuery: string | null;
  readonly usage: Usage;
}

export interface RagRequest {
  readonly query: string;
  readonly scope: Scope;
  readonly where: readonly ScopeCondition[];
  readonly topK: { readonly items: number; readonly categories: number; readonly resources: number };
  readonly filter: ItemFilter;
  readonly weights: FusionWeights;
  /** `salience` reorders a deeper pool of fused candidates (see salience.ts); the default keeps the fused order. */
  readonly ranking: { readonly by: Ranking; readonly halfLifeDays: number };
}

/** How much each search list counts in the fusion. */
export interface FusionWeights {
  readonly vector: number;
  readonly text: number;
  /** The reciprocal-rank constant: smaller lets each list's first hits count more. Default 60 (`RRF_K`). */
  readonly k?: number;
}

/**
 * The default fusion with a semantic embedder, chosen on the LoCoMo dev conversations with the offline model
 * (bench/README.md lists what was tried): a small k lets either list's first hits lead, where k = 60 let the many
 * middling hits of both lists crowd them out; with item vectors of their source's units k = 20 beat 10 and 30.
 */
export const SEMANTIC_FUSION: FusionWeights = { vector: 1, text: 1, k: 20 };
/** With a lexical embedder the vector list is a weaker copy of the keyword list and lowers recall: left out. */
export const KEYWORDS_ONLY: FusionWeights = { vector: 0, text: 1 };

// Each search list is deeper than what is returned, so fusion can promote what both lists agree on.
const CANDIDATES_PER_RESULT = 5;
const MIN_CANDIDATES = 50;

/** What every tier search of one retrieve shares. */
export interface TierSearch {
  readonly engine: Engine;
  readonly read: ReadScope;
  readonly weights: FusionWeights;
}

/** The query's vector, unless the fusion leaves vectors out. */
export async function queryVector(search: TierSearch, query: string): Promise<number[] | undefined> {
  return search.weights.vector === 0 ? undefined : (await search.engine.embedder.embed([query]))[0];
}

/** A tier's search lists, best first: vector and keyword, each with its scores and fusion weight. */
type TierLists = { ids: string[]; scores: number[]; weight: number }[];

/** Vector and keyword search over `target`, `depth` deep, run together. */
async function searchTier(search: TierSearch, query: { text: string; vector: readonly number[] | undefined }, target: SearchTarget, depth: number, filter?: ItemFilter): Promise<TierLists> {
  const { engine, read, weights } = search;
  const [byVector, byText] = await Promise.all([
    query.vector === undefined ? [] : engine.store.vectorSearch(target, read, query.vector, depth, filter),
    weights.text === 0 ? [] : engine.store.textSearch(target, read, query.text, depth, filter),
  ]);
  return [
    { ids: byVector.map((hit) => hit.id), scores: byVector.map((hit) => hit.score), weight: weights.vector },
    { ids: byText.map((hit) => hit.id), scores: byText.map((hit) => hit.score), weight: weights.text },
  ];
}

/** How deep to search when `lists` rankings are fused: a single list is its own fused ranking, so k suffices. */
function depthFor(k: number, lists: number): number {
  return lists > 1 ? Math.max(k * CANDIDATES_PER_RESULT, MIN_CANDIDATES) : k;
}

function searchedLists(search: TierSearch, query: { vector: readonly number[] | undefined }): number {
  return (query.vector === undefined ? 0 : 1) + (search.weights.text === 0 ? 0 : 1);
}

/** The tier's lists and the ids reached along the graph, fused by reciprocal rank. */
function fuse(weights: FusionWeights, lists: TierLists, viaIds: readonly string[], k: number): { id: string; score: number }[] {
  return reciprocalRankFusion([...lists, { ids: viaIds }], weights.k ?? RRF_K).slice(0, k);
}

/** One tier: vector and keyword search over `target`, fused with `viaIds` (ids reached along the graph). */
export async function rankTier(
  search: TierSearch,
  query: { text: string; vector: readonly number[] | undefined },
  target: SearchTarget,
  k: number,
  filter?: ItemFilter,
  viaIds: readonly string[] = [],
): Promise<{ id: string; score: number }[]> {
  const lists = await searchTier(search, query, target, depthFor(k, searchedLists(search, query) + (viaIds.length === 0 ? 0 : 1)), filter);
  return fuse(search.weights, lists, viaIds, k);
}

/** The categories the items are filed in (one hop along IN_CATEGORY), in the order of the items. */
export async function categoriesOfItems(search: TierSearch, items: readonly Item[]): Promise<Category[]> {
  return inItemOrder(await search.engine.store.categoriesOfItems(search.read, items.map((item) => item.id)), items);
}

function inItemOrder(categories: readonly Category[], items: readonly Item[]): Category[] {
  const byName = new Map(categories.map((category) => [`${scopeKey(category.scope)}|${category.name}`, category]));
  return [...new Set(items.flatMap((item) => item.categories.flatMap((name) => byName.get(`${scopeKey(item.scope)}|${name}`) ?? [])))];
}

/** The item filter as the stores apply it (ISO strings compare in time order), for ids reached along the graph. */
export function matchesFilter(item: Item, filter: ItemFilter): boolean {
  return (
    (filter.statuses ?? ["active"]).includes(item.status) &&
    (filter.types === undefined || filter.types.includes(item.type)) &&
    (filter.happenedAfter === undefined || (item.happenedAt !== null && item.happenedAt >= filter.happenedAfter)) &&
    (filter.happenedBefore === undefined || (item.happenedAt !== null && item.happenedAt <= filter.happenedBefore)) &&
    (filter.createdFrom === undefined || item.createdAt >= filter.createdFrom) &&
    (filter.createdTo === undefined || item.createdAt < filter.createdTo) &&
    (filter.idPrefix === undefined || item.id.startsWith(filter.idPrefix)) &&
    (filter.categories === undefined || item.categories.some((name) => filter.categories!.includes(name)))
  );
}

export function resourceHit(resource: Resource, score: number): ResourceHit {
  return { id: resource.id, uri: resource.uri, modality: resource.modality, caption: resource.caption, createdAt: resource.createdAt, scope: resource.scope, score };
}

/** Hybrid retrieval with zero model calls: vector + keyword per tier, fused by reciprocal rank. */
export async function retrieveRag(engine: Engine, request: RagRequest): Promise<RetrieveResult> {
  const { usage } = operation(engine, "retrieve");
  const search: TierSearch = { engine, read: readScope(request.scope, request.where), weights: request.weights };
  const { read } = search;
  const vector = await usage.step("embed", () => queryVector(search, request.query));
  const query = { text: request.query, vector };
  const { topK } = request;

  // The tiers' searches do not depend on one another, so a networked store answers them at once. Categories and
  // resources are also reached one hop from the item hits (IN_CATEGORY, EXTRACTED_FROM), hence their deeper lists.
  const lists = searchedLists(search, query);
  const categoryLists = searchTier(search, query, "category", depthFor(topK.categories, lists + 1));
  const resourceLists = searchTier(search, query, "resource", depthFor(topK.resources, lists + 1));
  // Settled here so a failure of one does not go unobserved while another is awaited.
  void Promise.allSettled([categoryLists, resourceLists]);

  const salient = request.ranking.by === "salience";
  const pool = salient ? Math.max(topK.items * CANDIDATES_PER_RESULT, MIN_CANDIDATES) : topK.items;
  const itemRanking = await usage.step("items", async () => {
    const fused = fuse(search.weights, await searchTier(search, query, "item", Math.max(depthFor(topK.items, lists), pool), request.filter), [], pool);
    return salient ? rankBySalience(engine.store, read, fused, topK.items, { now: engine.now(), halfLifeDays: request.ranking.halfLifeDays }) : fused;
  });
  const itemIds = itemRanking.map((hit) => hit.id);
  const [items, linked] = await Promise.all([engine.store.getItems(read, itemIds), engine.store.categoriesOfItems(read, itemIds)]);
  const itemScores = new Map(itemRanking.map((hit) => [hit.id, hit.score]));

  const viaItems = inItemOrder(linked, items);
  const categoryRanking = await usage.step("categories", async () => fuse(search.weights, await categoryLists, viaItems.map((category) => category.id), topK.categories));
  // Categories reached through the items are in hand; only those found by search alone are read.
  const categoriesById = new Map(viaItems.map((category) => [category.id, category]));
  const unread = categoryRanking.filter((hit) => !categoriesById.has(hit.id)).map((hit) => hit.id);
  for (const category of await engine.store.getCategories(read, unread)) categoriesById.set(category.id, category);

  const resourceRanking = await usage.step("resources", async () => fuse(search.weights, await resourceLists, [...new Set(items.flatMap((item) => item.sources.map((source) => source.resourceId)))], topK.resources));
  const resources = await Promise.all(resourceRanking.map(async (hit) => ({ hit, resource: await engine.store.getResource(read, hit.id) })));

  return {
    method: "rag",
    query: request.query,
    items: items.map((item) => ({ ...item, score: itemScores.get(item.id)! })),
    categories: categoryRanking.flatMap((hit) => {
      const category = categoriesById.get(hit.id);
      return category === undefined ? [] : [{ ...category, score: hit.score }];
    }),
    resources: resources.flatMap(({ hit, resource }) => (resource === null ? [] : [resourceHit(resource, hit.score)])),
    sufficient: null,
    tiers: [],
    nextStepQuery: null,
    usage: usage.finish(),
  };
}
