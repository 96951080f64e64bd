import { scopeKey, type Category, type Item, type Modality, type Resource, type Scope, type ScopeCondition } from "../model/index.js";
import type { ItemFilter, ReadScope, SearchTarget } from "../ports/index.js";
import { operation, readScope, type Engine } from "../service/engine.js";
import type { Usage } from "../service/usage.js";
import { reciprocalRankFusion } from "./reciprocal-rank-fusion.js";

export interface ItemHit extends Item {
  /** Reciprocal-rank-fused score of vector and keyword search; higher is better. */
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
}

/** How much each search list counts in the fusion. */
export interface FusionWeights {
  readonly vector: number;
  readonly text: number;
}

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

/** One tier: vector and keyword search over `target`, fused with `viaIds` (ids reached along the graph). */
export async function rankTier(
  search: TierSearch,
  query: { text: string; vector: readonly number[] | undefined },
  target: SearchTarget,
  k: number,
  filter?: ItemFilter,
  viaIds: readonly string[] = [],
): Promise<{ id: string; score: number }[]> {
  const { engine, read, weights } = search;
  const lists = (query.vector === undefined ? 0 : 1) + (weights.text === 0 ? 0 : 1) + (viaIds.length === 0 ? 0 : 1);
  // A single list is its own fused ranking: nothing deeper can move up.
  const depth = lists > 1 ? Math.max(k * CANDIDATES_PER_RESULT, MIN_CANDIDATES) : k;
  const [byVector, byText] = await Promise.all([
    query.vector === undefined ? [] : engine.store.vectorSearch(target, read, query.vector, depth, filter),
    weights.text === 0 ? [] : engine.store.textSearch(target, read, query.text, depth, filter),
  ]);
  return reciprocalRankFusion([
    { ids: byVector.map((hit) => hit.id), weight: weights.vector },
    { ids: byText.map((hit) => hit.id), weight: weights.text },
    { ids: viaIds },
  ]).slice(0, k);
}

/** The ids of the categories the items are in, in the items' scopes (one hop along IN_CATEGORY). */
export async function categoriesOfItems(search: TierSearch, items: readonly Item[]): Promise<string[]> {
  const ids = new Map((await search.engine.store.listCategories(search.read)).map((category) => [`${scopeKey(category.scope)}|${category.name}`, category.id]));
  return [...new Set(items.flatMap((item) => item.categories.flatMap((name) => ids.get(`${scopeKey(item.scope)}|${name}`) ?? [])))];
}

/** The item filter as the stores apply it (ISO strings compare in time order), for ids reached along the graph. */
export function matchesFilter(item: Item, filter: ItemFilter): boolean {
  return (
    (filter.statuses ?? ["active"]).includes(item.status) &&
    (filter.types === undefined || filter.types.includes(item.type)) &&
    (filter.happenedAfter === undefined || (item.happenedAt !== null && item.happenedAt >= filter.happenedAfter)) &&
    (filter.happenedBefore === undefined || (item.happenedAt !== null && item.happenedAt <= filter.happenedBefore))
  );
}

export function resourceHit(resource: Resource, score: number): ResourceHit {
  return { id: resource.id, uri: resource.uri, modality: resource.modality, caption: resource.caption, createdAt: resource.createdAt, score };
}

/** Hybrid retrieval with zero model calls: vector + keyword per tier, fused by reciprocal rank. */
export async function retrieveRag(engine: Engine, request: RagRequest): Promise<RetrieveResult> {
  const { usage } = operation(engine, "retrieve");
  const search: TierSearch = { engine, read: readScope(request.scope, request.where), weights: request.weights };
  const { read } = search;
  const vector = await usage.step("embed", () => queryVector(search, request.query));
  const query = { text: request.query, vector };

  const itemRanking = await usage.step("items", () => rankTier(search, query, "item", request.topK.items, request.filter));
  const items = await engine.store.getItems(read, itemRanking.map((hit) => hit.id));
  const itemScores = new Map(itemRanking.map((hit) => [hit.id, hit.score]));

  // Categories and resources are also reached one hop from the item hits (IN_CATEGORY, EXTRACTED_FROM).
  const categoryRanking = await usage.step("categories", async () => rankTier(search, query, "category", request.topK.categories, undefined, await categoriesOfItems(search, items)));
  const categories = await engine.store.getCategories(read, categoryRanking.map((hit) => hit.id));
  const categoryScores = new Map(categoryRanking.map((hit) => [hit.id, hit.score]));

  const resourceRanking = await usage.step("resources", () =>
    rankTier(search, query, "resource", request.topK.resources, undefined, [...new Set(items.flatMap((item) => item.sources.map((source) => source.resourceId)))]),
  );
  const resources = await Promise.all(resourceRanking.map(async (hit) => ({ hit, resource: await engine.store.getResource(read, hit.id) })));

  return {
    method: "rag",
    query: request.query,
    items: items.map((item) => ({ ...item, score: itemScores.get(item.id)! })),
    categories: categories.map((category) => ({ ...category, score: categoryScores.get(category.id)! })),
    resources: resources.flatMap(({ hit, resource }) => (resource === null ? [] : [resourceHit(resource, hit.score)])),
    sufficient: null,
    tiers: [],
    nextStepQuery: null,
    usage: usage.finish(),
  };
}
