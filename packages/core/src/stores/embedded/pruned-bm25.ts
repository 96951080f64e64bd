import type Database from "better-sqlite3";
import { orQuery } from "../../util/keyword-query.js";

type Params = unknown[];

// FTS5's bm25(): k1 = 1.2, and an idf of log((N - n + 0.5) / (n + 0.5)), raised to 1e-6 when not positive.
// A term adds at most idf × (k1 + 1) to a row's score however often it occurs (tf saturates).
const K1 = 1.2;
const MIN_IDF = 1e-6;
const MIN_CANDIDATES = 50;
// Row and document counts are cached until rows changed since exceed this share of the table; until then bounds
// widen by the rows changed, so they stay upper bounds of the true ones.
const STATS_DRIFT = 0.05;

interface Statistics {
  readonly rows: number;
  readonly hits: Map<string, number>;
  changed: number;
}

export interface TextQuery {
  readonly fts: string;
  readonly table: string;
  /** SQL appended after the MATCH (scope and item filters on `t`), with its parameters. */
  readonly where: string;
  readonly whereParams: Params;
}

export interface Ranked {
  readonly rid: number;
  readonly id: string;
  readonly score: number;
}

/**
 * Exact top-k keyword ranking that does not rank every row matching a common word. FTS5 scores all matches of an
 * OR query, so a word found in most rows makes every query slow. MaxScore: rank only the rows matching the rarest
 * terms, rescore those candidates with the full query, and accept the result when the k-th full score beats the
 * best any other row could reach (its partial score plus the bounds of the terms left out); otherwise bring the
 * next rarest term in, and at worst rank the full query as before.
 */
export class PrunedBm25 {
  private readonly statistics = new Map<string, Statistics>();
  /** `PRAGMA data_version` when the statistics were taken: it moves when another connection commits. */
  private version: number | undefined;

  constructor(private readonly db: Database.Database) {}

  /** Records that a committed write inserted, replaced or deleted `rows` rows of `fts` (Infinity: unknown). */
  changed(fts: string, rows: number): void {
    const stats = this.statistics.get(fts);
    if (stats === undefined) return;
    stats.changed += rows;
    if (stats.changed > stats.rows * STATS_DRIFT) this.statistics.delete(fts);
  }

  /** The top `k` rows by bm25 over all `terms`, and how many of the terms (rarest first) were ranked to find them. */
  search(query: TextQuery, terms: readonly string[], k: number): { rows: Ranked[]; rankedTerms: number } {
    const stats = this.stats(query);
    const byRarity = terms.map((term) => ({ term, bound: this.bound(query, stats, term) })).sort((a, b) => b.bound - a.bound);
    const full = orQuery(terms);
    for (let essential = 1; essential < byRarity.length; essential += 1) {
      const leftOutBound = byRarity.slice(essential).reduce((sum, entry) => sum + entry.bound, 0);
      const limit = Math.max(k * 4, MIN_CANDIDATES);
      const candidates = this.rank(query, orQuery(byRarity.slice(0, essential).map((entry) => entry.term)), limit);
      if (candidates.length === 0) continue;
      const exhausted = candidates.length < limit;
      const outside = (exhausted ? 0 : candidates.at(-1)!.score) + leftOutBound;
      const rescored = this.rescore(query, full, candidates).slice(0, k);
      if (rescored.length === k && rescored.at(-1)!.score > outside) return { rows: rescored, rankedTerms: essential };
    }
    return { rows: this.rank(query, full, k), rankedTerms: terms.length };
  }

  private rank(query: TextQuery, match: string, limit: number): Ranked[] {
    return this.db
      .prepare<Params, Ranked>(`SELECT t.rid, t.id, -bm25(${query.fts}) AS score FROM ${query.fts} JOIN ${query.table} t ON t.rid = ${query.fts}.rowid WHERE ${query.fts} MATCH ?${query.where} ORDER BY bm25(${query.fts}) LIMIT ?`)
      .all(match, ...query.whereParams, limit);
  }

  private rescore(query: TextQuery, full: string, candidates: readonly Ranked[]): Ranked[] {
    const ids = new Map(candidates.map((row) => [row.rid, row.id]));
    return this.db
      .prepare<Params, { rid: number; score: number }>(`SELECT rowid AS rid, -bm25(${query.fts}) AS score FROM ${query.fts} WHERE ${query.fts} MATCH ? AND rowid IN (SELECT value FROM json_each(?)) ORDER BY bm25(${query.fts})`)
      .all(full, JSON.stringify([...ids.keys()]))
      .map((row) => ({ rid: row.rid, id: ids.get(row.rid)!, score: row.score }));
  }

  private stats(query: TextQuery): Statistics {
    const version = this.db.pragma("data_version", { simple: true }) as number;
    if (version !== this.version) {
      // Another process wrote to the database: its changes were not counted here.
      this.statistics.clear();
      this.version = version;
    }
    let stats = this.statistics.get(query.fts);
    if (stats === undefined) {
      stats = { rows: this.db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${query.table}`).get()!.n, hits: new Map(), changed: 0 };
      this.statistics.set(query.fts, stats);
    }
    return stats;
  }

  /** The most a term can add to a row's score, given the rows changed since its counts were taken. */
  private bound(query: TextQuery, stats: Statistics, term: string): number {
    let hits = stats.hits.get(term);
    if (hits === undefined) {
      hits = this.db.prepare<[string], { n: number }>(`SELECT count(*) AS n FROM ${query.fts} WHERE ${query.fts} MATCH ?`).get(orQuery([term]))!.n;
      stats.hits.set(term, hits);
    }
    const fewest = Math.max(0, hits - stats.changed);
    const most = stats.rows + stats.changed;
    return Math.max(Math.log((most - fewest + 0.5) / (fewest + 0.5)), MIN_IDF) * (K1 + 1);
  }
}
