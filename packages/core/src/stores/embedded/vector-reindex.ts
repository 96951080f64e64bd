import type Database from "better-sqlite3";
import { StoreMismatchError, ValidationError } from "../../errors/index.js";
import type { EmbedderInfo, ReindexRecord, ReindexVector, SearchTarget, StoredEmbedder } from "../../ports/index.js";
import { NODE_TABLES, VECTOR_TABLES, vectorTableSql } from "./schema.js";

/**
 * The vectors of a reindex under way, one row per node (`tbl` its node table), kept apart from the vector tables,
 * whose dimension is the old embedder's, until `finishReindex` rebuilds those from them. Created on every `init`
 * (no schema version: a store without the table simply has no reindex under way).
 */
export const REINDEX_SQL = `
CREATE TABLE IF NOT EXISTS reindex_vectors (tbl TEXT NOT NULL, rid INTEGER NOT NULL, embedding BLOB NOT NULL, PRIMARY KEY (tbl, rid)) WITHOUT ROWID;`;

const TARGETS = Object.keys(NODE_TABLES) as SearchTarget[];

function metaOf(db: Database.Database): Map<string, string> | null {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
  if (table === undefined) return null;
  return new Map(db.prepare<[], { key: string; value: string }>("SELECT key, value FROM meta").all().map((row) => [row.key, row.value]));
}

export function storedEmbedder(db: Database.Database): StoredEmbedder | null {
  const meta = metaOf(db);
  if (meta === null || !meta.has("embedder_id")) return null;
  const reindexId = meta.get("reindex_embedder_id");
  return {
    id: meta.get("embedder_id")!,
    dimensions: Number(meta.get("dimensions")),
    ...(reindexId === undefined ? {} : { reindexTo: { id: reindexId, dimensions: Number(meta.get("reindex_dimensions")) } }),
  };
}

function reindexTarget(db: Database.Database): EmbedderInfo {
  const target = storedEmbedder(db)?.reindexTo;
  if (target === undefined) throw new StoreMismatchError("No reindex is under way in this store: begin one first.");
  return target;
}

export function beginReindex(db: Database.Database, embedder: EmbedderInfo): void {
  db.transaction(() => {
    const current = storedEmbedder(db);
    if (current === null) throw new StoreMismatchError("This store was never initialised: there is nothing to reindex.");
    if (current.reindexTo?.id !== embedder.id || current.reindexTo.dimensions !== embedder.dimensions) db.exec("DELETE FROM reindex_vectors");
    const set = db.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    set.run("reindex_embedder_id", embedder.id);
    set.run("reindex_dimensions", String(embedder.dimensions));
  }).immediate();
}

const PENDING = (table: string) => `NOT EXISTS (SELECT 1 FROM reindex_vectors r WHERE r.tbl = '${table}' AND r.rid = t.rid)`;

export function reindexPending(db: Database.Database, target: SearchTarget, afterId: string | null, limit: number): ReindexRecord[] {
  const table = NODE_TABLES[target];
  const rows = db
    .prepare<[string, number], Record<string, string | null>>(`SELECT t.* FROM ${table} t WHERE t.id > ? AND ${PENDING(table)} ORDER BY t.id LIMIT ?`)
    .all(afterId ?? "", limit);
  return rows.map((row): ReindexRecord => {
    if (target === "item") return { target, id: row.id!, summary: row.summary!, context: row.context ?? null };
    if (target === "category") return { target, id: row.id!, name: row.name!, description: row.description!, summary: row.summary! };
    return { target, id: row.id!, text: row.text! };
  });
}

export function writeReindexVectors(db: Database.Database, vectors: readonly ReindexVector[]): void {
  db.transaction(() => {
    const { dimensions } = reindexTarget(db);
    for (const { target, id, embedding } of vectors) {
      if (embedding.length !== dimensions) throw new ValidationError(`A reindex vector has ${embedding.length} dimensions; the reindex embedder has ${dimensions}`, [{ path: "embedding", message: "wrong dimension" }]);
      const table = NODE_TABLES[target];
      db.prepare(`INSERT OR REPLACE INTO reindex_vectors (tbl, rid, embedding) SELECT ?, rid, ? FROM ${table} WHERE id = ?`).run(table, Buffer.from(new Float32Array(embedding).buffer), id);
    }
  }).immediate();
}

/** One transaction: the vector tables are rebuilt at the new dimension from the reindex vectors, and the identity recorded. */
export function finishReindex(db: Database.Database): boolean {
  return db.transaction((): boolean => {
    const target = reindexTarget(db);
    for (const kind of TARGETS) {
      const table = NODE_TABLES[kind];
      if (db.prepare(`SELECT 1 FROM ${table} t WHERE ${PENDING(table)} LIMIT 1`).get() !== undefined) return false;
    }
    for (const table of Object.values(VECTOR_TABLES)) db.exec(`DROP TABLE IF EXISTS ${table}`);
    db.exec(vectorTableSql(target.dimensions));
    for (const kind of TARGETS) {
      const table = NODE_TABLES[kind];
      db.exec(`INSERT INTO ${VECTOR_TABLES[kind]} (rid, part, embedding) SELECT t.rid, t.part, r.embedding FROM reindex_vectors r JOIN ${table} t ON t.rid = r.rid WHERE r.tbl = '${table}'`);
    }
    const set = db.prepare("UPDATE meta SET value = ? WHERE key = ?");
    set.run(target.id, "embedder_id");
    set.run(String(target.dimensions), "dimensions");
    db.exec("DELETE FROM meta WHERE key IN ('reindex_embedder_id', 'reindex_dimensions'); DELETE FROM reindex_vectors;");
    return true;
  }).immediate();
}
