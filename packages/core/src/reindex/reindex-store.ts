import { itemWindows } from "../memorize/unit-window.js";
import { embedWithItems, resourceVectorText } from "../memorize/vector-text.js";
import type { Embedder, EmbedderInfo, MemoryStore, ReindexRecord, SearchTarget } from "../ports/index.js";
import { categoryText } from "../memorize/categories.js";

export interface ReindexOptions {
  /** Records embedded and written per step. Default 256. */
  readonly batchSize?: number;
  /** Called after each written batch with the running count. */
  readonly onProgress?: (reembedded: number) => void;
  /**
   * Re-embed even when the store already has this embedder: after an upgrade of memograph that computes vectors
   * differently (an item's vector from its source's messages, say), a store's older vectors are made anew.
   */
  readonly force?: boolean;
}

export interface ReindexResult {
  /** The identity the store had; null for a store never initialised (nothing to re-embed). */
  readonly from: EmbedderInfo | null;
  readonly to: EmbedderInfo;
  readonly reembedded: number;
}

const TARGETS: readonly SearchTarget[] = ["item", "category", "resource"];

/** Every scope: a reindex is a maintenance operation over the whole store. */
const EVERY_SCOPE = { conditions: [] };

/**
 * Vectors of records of one target, computed as memorize and the service compute them: an item's from its summary
 * and the units around its first source, read from `store`.
 */
export async function reindexVectors(embedder: Embedder, records: readonly ReindexRecord[], store: Pick<MemoryStore, "getItems" | "getResource">): Promise<number[][]> {
  const items = records.flatMap((record) => (record.target === "item" ? [record] : []));
  const texts = records.flatMap((record) => (record.target === "category" ? [categoryText(record)] : record.target === "resource" ? [resourceVectorText(record.text)] : []));
  const stored = new Map((await (items.length === 0 ? [] : store.getItems(EVERY_SCOPE, items.map((item) => item.id)))).map((item) => [item.id, item]));
  // An item deleted since it was listed has no sources left to read; its vector is not kept anyway.
  const windows = await itemWindows(store, EVERY_SCOPE, items.map((item) => stored.get(item.id) ?? { sources: [] }));
  const vectors = await embedWithItems(embedder, texts, items.map((item, index) => ({ summary: item.summary, window: windows[index]! })));
  return items.length > 0 ? vectors.items : vectors.texts;
}

const sameEmbedder = (a: EmbedderInfo, b: EmbedderInfo) => a.id === b.id && a.dimensions === b.dimensions;

/**
 * Re-embeds every record of the store with `embedder` and makes it the store's embedder. The store keeps its old
 * vectors and identity until the last batch is in, so an interrupted run leaves it usable as it was; running again
 * resumes where it stopped (records that already have a new vector are skipped). The store is left initialised with
 * `embedder`; the caller closes it.
 */
export async function reindexStore(store: MemoryStore, embedder: Embedder, options: ReindexOptions = {}): Promise<ReindexResult> {
  const to = { id: embedder.id, dimensions: embedder.dimensions };
  const stored = await store.storedEmbedder();
  if (stored === null || (sameEmbedder(stored, to) && stored.reindexTo === undefined && options.force !== true)) {
    await store.init(to);
    return { from: stored === null ? null : { id: stored.id, dimensions: stored.dimensions }, to, reembedded: 0 };
  }
  const from = { id: stored.id, dimensions: stored.dimensions };
  await store.init(from);
  await store.beginReindex(to);
  const batchSize = options.batchSize ?? 256;
  let reembedded = 0;
  // Records written while the reindex ran have no new vector: finishing refuses, and another pass embeds them.
  do {
    for (const target of TARGETS) {
      let afterId: string | null = null;
      for (;;) {
        const records = await store.reindexPending(target, afterId, batchSize);
        if (records.length === 0) break;
        const vectors = await reindexVectors(embedder, records, store);
        await store.writeReindexVectors(records.map((record, index) => ({ target, id: record.id, embedding: vectors[index]! })));
        reembedded += records.length;
        options.onProgress?.(reembedded);
        afterId = records[records.length - 1]!.id;
      }
    }
  } while (!(await store.finishReindex()));
  await store.init(to);
  return { from, to, reembedded };
}
