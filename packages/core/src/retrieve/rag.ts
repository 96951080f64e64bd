import { scopeKey, type Category, type Item, type Modality, type Scope, type ScopeCondition } from "../model/index.js";
import type { ItemFilter, SearchTarget } from "../ports/index.js";
import { readScope, type Engine } from "../service/engine.js";
import { UsageTracker, type Usage } from "../service/usage.js";
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
  readonly method: "rag";
  readonly query: string;
  readonly items: readonly ItemHit[];
  readonly categories: readonly CategoryHit[];
  readonly resources: readonly ResourceHit[];
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

/** Hybrid retrieval with zero model calls: vector + keyword per tier, fused by reciprocal rank. */
export async function retrieveRag(engine: Engine, request: RagRequest): Promise<RetrieveResult> {
  const usage = new UsageTracker();
  const read = readScope(request.scope, request.where);
  // A list with weight 0 is not searched at all.
  const [vector] = request.weights.vector === 0 ? [] : await usage.step("embed", () => engine.embedder.embed([request.query]));
  /** One tier: vector and keyword search over `target`, fused with `viaItems` (ids reached along the graph). */
  const rank = async (target: SearchTarget, k: number, filter?: ItemFilter, viaItems: readonly string[] = []) => {
    const depth = Math.max(k * CANDIDATES_PER_RESULT, MIN_CANDIDATES);
    const [byVector, byText] = await Promise.all([
      vector === undefined ? [] : engine.store.vectorSearch(target, read, vector, depth, filter),
      request.weights.text === 0 ? [] : engine.store.textSearch(target, read, request.query, depth, filter),
    ]);
    return reciprocalRankFusion([
      { ids: byVector.map((hit) => hit.id), weight: request.weights.vector },
      { ids: byText.map((hit) => hit.id), weight: request.weights.text },
      { ids: viaItems },
    ]).slice(0, k);
  };

  const itemRanking = await usage.step("items", () => rank("item", request.topK.items, request.filter));
  const items = await engine.store.getItems(read, itemRanking.map((hit) => hit.id));
  const itemScores = new Map(itemRanking.map((hit) => [hit.id, hit.score]));

  // Categories and resources are also reached one hop from the item hits (IN_CATEGORY, EXTRACTED_FROM).
  const categoryRanking = await usage.step("categories", async () => {
    const ids = new Map((await engine.store.listCategories(read)).map((category) => [`${scopeKey(category.scope)}|${category.name}`, category.id]));
    const viaItems = [...new Set(items.flatMap((item) => item.categories.flatMap((name) => ids.get(`${scopeKey(item.scope)}|${name}`) ?? [])))];
    return rank("category", request.topK.categories, undefined, viaItems);
  });
  const categories = await engine.store.getCategories(read, categoryRanking.map((hit) => hit.id));
  const categoryScores = new Map(categoryRanking.map((hit) => [hit.id, hit.score]));

  const resourceRanking = await usage.step("resources", () =>
    rank("resource", request.topK.resources, undefined, [...new Set(items.flatMap((item) => item.sources.map((source) => source.resourceId)))]),
  );
  const resources = await Promise.all(resourceRanking.map(async (hit) => ({ hit, resource: await engine.store.getResource(read, hit.id) })));

  return {
    method: "rag",
    query: request.query,
    items: items.map((item) => ({ ...item, score: itemScores.get(item.id)! })),
    categories: categories.map((category) => ({ ...category, score: categoryScores.get(category.id)! })),
    resources: resources.flatMap(({ hit, resource }) =>
      resource === null ? [] : [{ id: resource.id, uri: resource.uri, modality: resource.modality, caption: resource.caption, createdAt: resource.createdAt, score: hit.score }],
    ),
    usage: usage.finish(),
  };
}
