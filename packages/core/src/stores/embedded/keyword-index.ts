import type Database from "better-sqlite3";
import { contentTerms } from "../../util/text.js";
import type { NodeTable } from "./schema.js";

type Params = unknown[];

// Okapi BM25 with Lucene's idf, log(1 + (N - n + 0.5) / (n + 0.5)), which stays positive for common terms.
const K1 = 1.2;
const B = 0.75;

/** A node's entry in the keyword index: its stemmed content terms with their counts, and how many there are. */
export function keywordDocument(text: string): { keywords: string; length: number } {
  const terms = contentTerms(text);
  const counts = new Map<string, number>();
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  return { keywords: JSON.stringify(Object.fromEntries(counts)), length: terms.length };
}

/** The text each table's keyword index holds; records and rows name these fields alike. */
export const KEYWORD_TEXT = {
  items: (item: { summary: string }) => item.summary,
  categories: (category: { name: string; description: string; summary: string }) => `${category.name} ${category.description} ${category.summary}`,
  resources: (resource: { caption: string | null; text: string }) => `${resource.caption ?? ""} ${resource.text}`,
} as const satisfies Record<NodeTable, (row: never) => string>;

/** The distinct terms a keyword query searches for. */
export function queryTerms(text: string): string[] {
  return [...new Set(contentTerms(text))];
}

export interface KeywordQuery {
  readonly table: NodeTable;
  /** How many rows of the table the read's scopes hold (from the scope registry): it picks the plan. */
  readonly scopeRows: number;
  /** SQL appended to the WHERE on alias `t` (scope and item filters), with its parameters. */
  readonly where: string;
  readonly whereParams: Params;
}

export interface Ranked {
  readonly rid: number;
  readonly id: string;
  readonly score: number;
}

export interface KeywordResult {
  readonly rows: Ranked[];
  /** `scope`: every row of the read's scopes was scored; `terms`: posting lists, rarest first, until the top k was sure. */
  readonly plan: "scope" | "terms";
  /** Posting lists read in full (terms plan). */
  readonly termsScanned: number;
}

interface Weighted {
  readonly term: string;
  readonly docs: number;
  readonly idf: number;
}

interface Candidate {
  readonly rid: number;
  readonly id: string;
  readonly len: number;
  readonly tfs: Map<string, number>;
  /** Whether `tfs` holds the counts of every query term (absent: 0). */
  complete: boolean;
}

const byScore = (a: Ranked, b: Ranked) => b.score - a.score || a.rid - b.rid;

/**
 * Exact top-k BM25 over memograph's own postings (kept by triggers, see schema.ts). Two plans, chosen by size:
 * - scope: when the read's scopes hold fewer rows than the query's posting lists (counting a row once per term),
 *   score each of those rows by looking its terms up (one user inside a large tenant);
 * - terms (MaxScore): read posting lists from the rarest term on. A row outside the lists read scores less than the
 *   most the other terms can add (idf × (k1 + 1)), so once the k-th best of the rows read beats that bound the
 *   common terms' long lists are never read; their counts are looked up only for rows that could still make the
 *   top k.
 * Both give the ranking of scoring every row.
 */
export class KeywordIndex {
  constructor(private readonly db: Database.Database) {}

  search(query: KeywordQuery, text: string, k: number): KeywordResult {
    const terms = queryTerms(text);
    const totals = this.db.prepare<[string], { docs: number; tokens: number }>("SELECT docs, tokens FROM keyword_totals WHERE tbl = ?").get(query.table);
    if (terms.length === 0 || k <= 0 || totals === undefined || totals.docs === 0) return { rows: [], plan: "terms", termsScanned: 0 };
    const weighted: Weighted[] = this.db
      .prepare<[string, string], { term: string; docs: number }>("SELECT term, docs FROM keyword_terms WHERE tbl = ? AND term IN (SELECT value FROM json_each(?))")
      .all(query.table, JSON.stringify(terms))
      .map(({ term, docs }) => ({ term, docs, idf: Math.log(1 + (totals.docs - docs + 0.5) / (docs + 0.5)) }))
      .sort((a, b) => a.docs - b.docs || (a.term < b.term ? -1 : 1));
    if (weighted.length === 0) return { rows: [], plan: "terms", termsScanned: 0 };
    const averageLength = Math.max(totals.tokens / totals.docs, 1e-9);
    const score = (candidate: Candidate) =>
      weighted.reduce((sum, { term, idf }) => {
        const tf = candidate.tfs.get(term) ?? 0;
        return tf === 0 ? sum : sum + (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * candidate.len) / averageLength));
      }, 0);
    // Either plan costs about one B-tree step per row it touches: the scope's rows once per term, or the postings.
    const postings = weighted.reduce((sum, entry) => sum + entry.docs, 0);
    if (query.scopeRows * weighted.length <= postings) return { rows: this.byScope(query, weighted, score, k), plan: "scope", termsScanned: 0 };
    return this.byTerms(query, weighted, score, k);
  }

  private byScope(query: KeywordQuery, weighted: readonly Weighted[], score: (candidate: Candidate) => number, k: number): Ranked[] {
    // CROSS JOIN keeps the scope's rows outside: each is looked up in the postings by (term, rid).
    const rows = this.db
      .prepare<Params, { rid: number; id: string; len: number; term: string; tf: number }>(
        `SELECT t.rid, t.id, t.keyword_len AS len, p.term, p.tf FROM ${query.table} t CROSS JOIN ${query.table}_postings p
         ON p.term IN (SELECT value FROM json_each(?)) AND p.rid = t.rid WHERE 1 = 1${query.where}`,
      )
      .all(JSON.stringify(weighted.map((entry) => entry.term)), ...query.whereParams);
    const candidates = new Map<number, Candidate>();
    for (const row of rows) this.candidate(candidates, row).tfs.set(row.term, row.tf);
    return [...candidates.values()].map((candidate) => ({ rid: candidate.rid, id: candidate.id, score: score(candidate) })).sort(byScore).slice(0, k);
  }

  private byTerms(query: KeywordQuery, weighted: readonly Weighted[], score: (candidate: Candidate) => number, k: number): KeywordResult {
    const postingsOf = this.db.prepare<Params, { rid: number; id: string; len: number; tf: number }>(
      `SELECT t.rid, t.id, t.keyword_len AS len, p.tf FROM ${query.table}_postings p CROSS JOIN ${query.table} t ON t.rid = p.rid WHERE p.term = ?${query.where}`,
    );
    const lookup = this.db.prepare<[string, string], { rid: number; term: string; tf: number }>(
      `SELECT rid, term, tf FROM ${query.table}_postings WHERE term IN (SELECT value FROM json_each(?)) AND rid IN (SELECT value FROM json_each(?))`,
    );
    const candidates = new Map<number, Candidate>();
    for (const [index, entry] of weighted.entries()) {
      for (const row of postingsOf.all(entry.term, ...query.whereParams)) this.candidate(candidates, row).tfs.set(entry.term, row.tf);
      const rest = weighted.slice(index + 1);
      if (rest.length === 0) break;
      if (candidates.size < k) continue;
      // A row not read yet scores below `restBound`; a read row lacking the rest's counts at most `restBound` more.
      const restBound = rest.reduce((sum, other) => sum + other.idf * (K1 + 1), 0);
      const known = [...candidates.values()].map((candidate) => ({ candidate, score: score(candidate) }));
      const floor = known.map((entry) => entry.score).sort((a, b) => b - a)[k - 1]!;
      const open = known.filter((entry) => !entry.candidate.complete && entry.score + restBound >= floor).map((entry) => entry.candidate);
      if (open.length > 0) {
        for (const row of lookup.all(JSON.stringify(rest.map((other) => other.term)), JSON.stringify(open.map((candidate) => candidate.rid)))) {
          candidates.get(row.rid)!.tfs.set(row.term, row.tf);
        }
        for (const candidate of open) candidate.complete = true;
      }
      const exact = [...candidates.values()].filter((candidate) => candidate.complete).map((candidate) => ({ rid: candidate.rid, id: candidate.id, score: score(candidate) })).sort(byScore);
      if (exact.length >= k && exact[k - 1]!.score >= restBound) return { rows: exact.slice(0, k), plan: "terms", termsScanned: index + 1 };
    }
    const rows = [...candidates.values()].map((candidate) => ({ rid: candidate.rid, id: candidate.id, score: score(candidate) })).sort(byScore).slice(0, k);
    return { rows, plan: "terms", termsScanned: weighted.length };
  }

  private candidate(candidates: Map<number, Candidate>, row: { rid: number; id: string; len: number }): Candidate {
    let candidate = candidates.get(row.rid);
    if (candidate === undefined) {
      candidate = { rid: row.rid, id: row.id, len: row.len, tfs: new Map(), complete: false };
      candidates.set(row.rid, candidate);
    }
    return candidate;
  }
}
