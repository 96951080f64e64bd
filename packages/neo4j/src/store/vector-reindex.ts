import neo4j, { type ManagedTransaction, type QueryResult } from "neo4j-driver";
import { StoreMismatchError, ValidationError, type EmbedderInfo, type ReindexRecord, type ReindexVector, type SearchTarget, type StoredEmbedder, type VectorReindex } from "@memograph/core";
import { LABELS, REINDEX, SCHEMA } from "../queries/queries.js";
import { VECTOR_INDEXES, vectorIndex } from "../schema/migrations.js";

/** The store's ways to run Cypher: a query on its own, or work in one managed write transaction. */
export interface CypherRunner {
  query(cypher: string, params: Record<string, unknown>): Promise<QueryResult>;
  inWrite<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T>;
}

export interface ReindexMeta {
  readonly embedderId?: string;
  readonly dimensions?: number;
  readonly reindexEmbedderId?: string | null;
  readonly reindexDimensions?: number | null;
  readonly reindexPhase?: "writing" | "swapping" | null;
}

/** Nodes changed per transaction when vectors are dropped or moved. */
const BATCH = 2_000;

/**
 * Re-embedding a Neo4j database (see the port, and REINDEX in queries.ts for the phases). The swap is the one step
 * that cannot be a single transaction (index changes are schema operations): it records the new identity first, and
 * whoever opens the database with the new embedder next completes an interrupted swap (`completeSwap`, from `init`).
 */
export class Neo4jVectorReindex implements VectorReindex {
  constructor(private readonly cypher: CypherRunner) {}

  private async meta(): Promise<ReindexMeta | undefined> {
    return (await this.cypher.query(SCHEMA.readMeta, {})).records[0]?.get("meta") as ReindexMeta | undefined;
  }

  async storedEmbedder(): Promise<StoredEmbedder | null> {
    const meta = await this.meta();
    if (meta?.embedderId === undefined || meta.dimensions === undefined) return null;
    const writing = meta.reindexPhase === "writing" && meta.reindexEmbedderId != null && meta.reindexDimensions != null;
    return { id: meta.embedderId, dimensions: meta.dimensions, ...(writing ? { reindexTo: { id: meta.reindexEmbedderId!, dimensions: meta.reindexDimensions! } } : {}) };
  }

  async beginReindex(embedder: EmbedderInfo): Promise<void> {
    const meta = await this.meta();
    if (meta === undefined) throw new StoreMismatchError("This database was never initialised: there is nothing to reindex.");
    if (meta.reindexPhase === "swapping") throw new StoreMismatchError(`A reindex to ${meta.embedderId} is being completed: open the database with that embedder first.`);
    if (meta.reindexEmbedderId !== embedder.id || meta.reindexDimensions !== embedder.dimensions) await this.repeat(REINDEX.clearBatch);
    await this.cypher.query(REINDEX.begin, { embedderId: embedder.id, dimensions: embedder.dimensions });
  }

  async reindexPending(target: SearchTarget, afterId: string | null, limit: number): Promise<ReindexRecord[]> {
    const result = await this.cypher.query(REINDEX.pending(target), { afterId: afterId ?? "", limit: neo4j.int(limit) });
    return result.records.map((record): ReindexRecord => {
      const row = record.get("record") as { id: string; summary?: string; context?: string | null; name?: string; description?: string; text?: string };
      if (target === "item") return { target, id: row.id, summary: row.summary!, context: row.context ?? null };
      if (target === "category") return { target, id: row.id, name: row.name!, description: row.description!, summary: row.summary! };
      return { target, id: row.id, text: row.text! };
    });
  }

  async writeReindexVectors(vectors: readonly ReindexVector[]): Promise<void> {
    const meta = await this.meta();
    if (meta?.reindexPhase !== "writing") throw new StoreMismatchError("No reindex is under way in this database: begin one first.");
    const wrong = vectors.find((vector) => vector.embedding.length !== meta.reindexDimensions);
    if (wrong !== undefined) throw new ValidationError(`A reindex vector has ${wrong.embedding.length} dimensions; the reindex embedder has ${meta.reindexDimensions}`, [{ path: "embedding", message: "wrong dimension" }]);
    await this.cypher.inWrite(async (tx) => {
      for (const target of Object.keys(LABELS) as SearchTarget[]) {
        const rows = vectors.filter((vector) => vector.target === target).map((vector) => ({ id: vector.id, embedding: [...vector.embedding] }));
        if (rows.length > 0) await tx.run(REINDEX.write(target), { vectors: rows });
      }
    });
  }

  async finishReindex(): Promise<boolean> {
    const started = await this.cypher.inWrite((tx) => tx.run(REINDEX.startSwap, {}));
    const dimensions = started.records[0]?.get("dimensions") as number | undefined;
    if (dimensions === undefined) return false;
    await this.completeSwap(dimensions);
    return true;
  }

  /** Moves every kept vector over and rebuilds the vector indexes at `dimensions`; safe to repeat after a crash. */
  async completeSwap(dimensions: number): Promise<void> {
    for (const name of Object.values(VECTOR_INDEXES)) await this.cypher.query(REINDEX.dropVectorIndex(name), {});
    await this.repeat(REINDEX.swapBatch);
    for (const [target, name] of Object.entries(VECTOR_INDEXES) as [SearchTarget, string][]) {
      await this.cypher.query(vectorIndex(name, LABELS[target]), { dimensions: neo4j.int(dimensions) });
    }
    await this.cypher.query(REINDEX.endSwap, {});
  }

  private async repeat(batchQuery: string): Promise<void> {
    for (;;) {
      const result = await this.cypher.inWrite((tx) => tx.run(batchQuery, { batch: neo4j.int(BATCH) }));
      if ((result.records[0]?.get("count") as number | undefined ?? 0) === 0) return;
    }
  }
}
