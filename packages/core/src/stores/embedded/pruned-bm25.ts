import type Database from "better-sqlite3";
import { orQuery } from "../../util/keyword-query.js";

type Params = unknown[];

// FTS5's bm25(): k1 = 1.2, and an idf of log((N - n + 0.5) / (n + 0.5)), raised to 1e-6 when not positive.
// A term adds at most idf × (k1 + 1) to a row's score however often it occurs (tf saturates).
const K1 = 1.2;
const MIN_IDF = 1e-6;
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

/** The rows matching a MATCH parameter and the filters, with their bm25 score (higher is better). */
function matching(query: TextQuery): string {
  return `SELECT t.rid, t.id, -bm25(${query.fts}) AS score FROM ${query.fts} JOIN ${query.table} t ON t.rid = ${query.fts}.rowid WHERE ${query.fts} MATCH ?${query.where}`;
}

/**
 * Exact top-k keyword ranking that does not rank every row matching a common word. FTS5 scores all matches of an
 * OR query, so a word found in most rows makes every query slow. MaxScore: take the rarest terms E; a row matching
 * none of them scores at most the bounds of the other terms. The rows matching E are scored exactly, and cheaply,
 * by FTS5 itself: `(E) AND (E OR rest)` visits only rows matching E and scores each with E counted twice, so the
 * full score is that minus the row's score for `E` alone. When the k-th of those beats the bound, it is the answer;
 * otherwise the next rarest term joins E, and at worst the full query is ranked as before.
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
    const byRarity = terms.map((term) => ({ term, ...this.termStats(query, stats, term) })).sort((a, b) => a.hits - b.hits);
    const allHits = byRarity.reduce((sum, entry) => sum + entry.hits, 0);
    let essentialHits = 0;
    for (let essential = 1; essential < byRarity.length; essential += 1) {
      essentialHits += byRarity[essential - 1]!.hits;
      // Scoring E's rows twice costs about as much as ranking everything once when E is not much rarer.
      if (essentialHits * 2 > allHits - essentialHits) break;
      const essentialTerms = byRarity.slice(0, essential).map((entry) => entry.term);
      const rest = byRarity.slice(essential);
      const restBound = rest.reduce((sum, entry) => sum + entry.bound, 0);
      const rows = this.rescore(query, orQuery(essentialTerms), orQuery(terms), k);
      // Fewer than k rows of E pass the filters: a selective filter, where ranking everything is cheap enough.
      if (rows.length < k) break;
      if (rows.at(-1)!.score > restBound) return { rows, rankedTerms: essential };
    }
    return { rows: this.rank(query, orQuery(terms), k), rankedTerms: terms.length };
  }

  private rank(query: TextQuery, match: string, limit: number): Ranked[] {
    return this.db.prepare<Params, Ranked>(`${matching(query)} ORDER BY score DESC LIMIT ?`).all(match, ...query.whereParams, limit);
  }

  /** The top `k` rows matching `essential` by their score for `full`: the doubled query minus the essential one. */
  private rescore(query: TextQuery, essential: string, full: string, k: number): Ranked[] {
    return this.db
      .prepare<Params, Ranked>(`WITH d AS MATERIALIZED (${matching(query)}), p AS MATERIALIZED (${matching(query)}) SELECT d.rid, d.id, d.score - p.score AS score FROM d JOIN p ON p.rid = d.rid ORDER BY score DESC, d.rid LIMIT ?`)
      .all(`(${essential}) AND (${full})`, ...query.whereParams, essential, ...query.whereParams, k);
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

  /**
   * How many rows a term matches (as last counted) and the most it can add to a row's score, given the rows changed
   * since it was counted.
   */
  private termStats(query: TextQuery, stats: Statistics, term: string): { hits: number; bound: number } {
    let hits = stats.hits.get(term);
    if (hits === undefined) {
      hits = this.db.prepare<[string], { n: number }>(`SELECT count(*) AS n FROM ${query.fts} WHERE ${query.fts} MATCH ?`).get(orQuery([term]))!.n;
      stats.hits.set(term, hits);
    }
    const fewest = Math.max(0, hits - stats.changed);
    const most = stats.rows + stats.changed;
    return { hits, bound: Math.max(Math.log((most - fewest + 0.5) / (fewest + 0.5)), MIN_IDF) * (K1 + 1) };
  }
}
