import type { EmbedderInfo, SearchTarget } from "./memory-store.js";

/** The embedder identity a store records, and the one a reindex under way is moving it to. */
export interface StoredEmbedder extends EmbedderInfo {
  readonly reindexTo?: EmbedderInfo;
}

/** A record whose vector a reindex recomputes, with the fields its vector text is made of. */
export type ReindexRecord =
  | { readonly target: "item"; readonly id: string; readonly summary: string; readonly context: string | null }
  | { readonly target: "category"; readonly id: string; readonly name: string; readonly description: string; readonly summary: string }
  | { readonly target: "resource"; readonly id: string; readonly text: string };

export interface ReindexVector {
  readonly target: SearchTarget;
  readonly id: string;
  readonly embedding: readonly number[];
}

/**
 * Re-embedding a whole store with another embedder (every scope: a maintenance operation, like `init`). New vectors
 * are kept beside the old ones, which keep serving, until `finishReindex` swaps both the vectors and the recorded
 * embedder identity; an interrupted reindex leaves the store as it was, and running it again resumes it.
 */
export interface VectorReindex {
  /** The identity recorded by the store, or null when it was never initialised. Callable before `init`. */
  storedEmbedder(): Promise<StoredEmbedder | null>;
  /**
   * Starts, or resumes, moving the store (already `init`ed with its recorded embedder) to `embedder`; vectors kept
   * by an unfinished reindex toward another embedder are discarded.
   */
  beginReindex(embedder: EmbedderInfo): Promise<void>;
  /** Up to `limit` records of `target` with ids after `afterId`, in id order, that have no new vector yet. */
  reindexPending(target: SearchTarget, afterId: string | null, limit: number): Promise<ReindexRecord[]>;
  /** Keeps new vectors (of the `beginReindex` embedder's dimension) of existing records; records gone are skipped. */
  writeReindexVectors(vectors: readonly ReindexVector[]): Promise<void>;
  /**
   * Makes the new vectors and identity the store's. False, with nothing changed, when a record still lacks a new
   * vector (one written meanwhile): embed the pending ones and finish again.
   */
  finishReindex(): Promise<boolean>;
}
