import type { Category, Item, Modality, Scope, ScopeCondition } from "../model/index.js";
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
  const searchBoth = (target: SearchTarget, depth: number, filter?: ItemFilter) =>
    Promise.all([
      vector === undefined ? [] : engine.store.vectorSearch(target, read, vector, depth, filter),
      request.weights.text === 0 ? [] : engine.store.textSearch(target, read, request.query, depth, filter),
    ]);

  const fused = async (target: SearchTarget, k: number, filter?: ItemFilter) => {
    const depth = Math.max(k * CANDIDATES_PER_RESULT, MIN_CANDIDATES);
    const [byVector, byText] = await searchBoth(target, depth, filter);
    return reciprocalRankFusion([
      { ids: byVector.map((hit) => hit.id), weight: request.weights.vector },
      { ids: byText.map((hit) => hit.id), weight: request.weights.text },
    ]);
  };

  const itemRanking = (await usage.step("items", () => fused("item", request.topK.items, request.filter))).slice(0, request.topK.items);
  const items = await engine.store.getItems(read, itemRanking.map((hit) => hit.id));
  const itemScores = new Map(itemRanking.map((hit) => [hit.id, hit.score]));

  const categoryRanking = (await usage.step("categories", () => fused("category", request.topK.categories))).slice(0, request.topK.categories);
  const categories = await engine.store.getCategories(read, categoryRanking.map((hit) => hit.id));
  const categoryScores = new Map(categoryRanking.map((hit) => [hit.id, hit.score]));

  // Resources: their own search fused with the sources of the item hits (one hop along provenance).
  const resourceRanking = await usage.step("resources", async () => {
    const depth = Math.max(request.topK.resources * CANDIDATES_PER_RESULT, MIN_CANDIDATES);
    const [byVector, byText] = await searchBoth("resource", depth);
    const viaItems = [...new Set(items.flatMap((item) => item.sources.map((source) => source.resourceId)))];
    return reciprocalRankFusion([
      { ids: byVector.map((hit) => hit.id), weight: request.weights.vector },
      { ids: byText.map((hit) => hit.id), weight: request.weights.text },
      { ids: viaItems },
    ]).slice(0, request.topK.resources);
  });
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
