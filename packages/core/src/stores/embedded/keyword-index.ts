import type Database from "better-sqlite3";
import { MAX_KEYWORD_TERMS } from "../../util/keyword-query.js";
import { contentTerms } from "../../util/text.js";
import type { NodeTable } from "./schema.js";
import type { StatementCache } from "./statement-cache.js";

type Params = unknown[];

// Okapi BM25 with Lucene's idf, log(1 + (N - n + 0.5) / (n + 0.5)), which stays positive for common terms.
const K1 = 1.2;
const B = 0.75;

/** How much a word of an item's context (the source passage it comes from) counts against a word of its own text. */
const CONTEXT_WEIGHT = 0.5;

export interface KeywordDocument {
  /** `counts` as the JSON object the row keeps (its delete and rekey triggers read it). */
  readonly keywords: string;
  readonly counts: ReadonlyMap<string, number>;
  readonly length: number;
}

/**
 * A node's entry in the keyword index: its stemmed content terms with their counts, and their total. Words of the
 * context count `CONTEXT_WEIGHT` each, in the counts and in the length alike.
 */
export function keywordDocument(text: string, context?: string | null): KeywordDocument {
  const counts = new Map<string, number>();
  let length = 0;
  for (const [words, weight] of [[text, 1], [context ?? "", CONTEXT_WEIGHT]] as const) {
    for (const term of contentTerms(words)) {
      counts.set(term, (counts.get(term) ?? 0) + weight);
      length += weight;
    }
  }
  return { keywords: JSON.stringify(Object.fromEntries(counts)), counts, length };
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
  /** The scope registry ids (`scopes.sid`) the read may see. */
  readonly sids: readonly number[];
  /** The partitions those scopes lie in: BM25's statistics are theirs. */
  readonly parts: readonly string[];
  /** SQL appended to a WHERE on alias `t`: the item filters beyond scope, with their parameters. */
  readonly filter: string;
  readonly filterParams: Params;
}

export interface Ranked {
  readonly rid: number;
  readonly id: string;
  readonly score: number;
}

export interface KeywordResult {
  readonly rows: Ranked[];
  /** How many posting lists were read, and how many of those only above a score threshold. */
  readonly listsRead: number;
  readonly listsCut: number;
}

interface Weighted {
  readonly term: string;
  readonly docs: number;
  readonly idf: number;
  /** The most one term can add to a row's score: tf saturates below k1 + 1. */
  readonly bound: number;
}

interface Candidate {
  readonly rid: number;
  readonly sid: number;
  readonly len: number;
  /** Per query term (in `weighted` order): its count in the row, or undefined while unknown. */
  readonly tfs: (number | undefined)[];
  /** Whether the row passes the item filters (undefined: not checked yet), and its id. */
  passes?: boolean;
  id?: string;
}

interface Posting {
  readonly rid: number;
  readonly sid: number;
  readonly len: number;
  readonly tf: number;
}

/** How many rows of a long list the floor is seeded from: any rows give a valid floor, the better ones a higher one. */
const SEED_SAMPLE = 4096;

// The SQL computes contributions in a different order than JavaScript: thresholds leave this much room for rounding.
const ROUNDING = 1e-9;

/**
 * Exact top-k BM25 over memograph's own postings (kept by triggers, see schema.ts), in the manner of MaxScore and
 * Fagin's threshold algorithm. Posting lists are read rarest term first, each only for the read's scopes. Once k
 * rows are scored exactly, the k-th score θ is a floor: the next list is read only where a row's contribution could
 * still lift it to θ (the cut is computed inside SQLite, so a common term's long list costs little), and reading
 * stops when no unread row can reach θ. A row's missing term counts are looked up by key, and the item filters
 * checked, only for rows that could still make the top k. The result is the ranking of scoring every row (of rows
 * tied at the k-th score, any may be returned) by the query's `MAX_KEYWORD_TERMS` rarest indexed words.
 */
export class KeywordIndex {
  constructor(private readonly statements: StatementCache) {}

  /** A search runs several small queries: each is compiled once per connection. */
  private prepare<Params extends unknown[], Row>(sql: string): Database.Statement<Params, Row> {
    return this.statements.prepare<Params, Row>(sql);
  }

  search(query: KeywordQuery, text: string, k: number): KeywordResult {
    const none = { rows: [], listsRead: 0, listsCut: 0 };
    const terms = queryTerms(text);
    if (terms.length === 0 || k <= 0 || query.sids.length === 0) return none;
    const parts = JSON.stringify(query.parts);
    const totals = this.prepare<[string, string], { docs: number | null; tokens: number | null }>(
      "SELECT sum(docs) AS docs, sum(tokens) AS tokens FROM keyword_totals WHERE tbl = ? AND part IN (SELECT value FROM json_each(?))",
    ).get(query.table, parts);
    if (totals === undefined || !totals.docs || totals.tokens === null) return none;
    const documents = totals.docs;
    const weighted: Weighted[] = this.prepare<[string, string, string], { term: string; docs: number }>(
      "SELECT term, sum(docs) AS docs FROM keyword_terms WHERE tbl = ? AND part IN (SELECT value FROM json_each(?)) AND term IN (SELECT value FROM json_each(?)) GROUP BY term",
    )
      .all(query.table, parts, JSON.stringify(terms))
      .map(({ term, docs }) => {
        const idf = Math.log(1 + (documents - docs + 0.5) / (docs + 0.5));
        return { term, docs, idf, bound: idf * (K1 + 1) };
      })
      .sort((a, b) => a.docs - b.docs || (a.term < b.term ? -1 : 1))
      // The rarest words decide a long query's ranking; the search's work grows with the words it weighs.
      .slice(0, MAX_KEYWORD_TERMS);
    if (weighted.length === 0) return none;
    return new Search((sql) => this.prepare(sql), query, weighted, Math.max(totals.tokens / documents, 1e-9), k).run();
  }
}

/** One search's state: the rows seen so far and what is known of them. */
class Search {
  private readonly candidates = new Map<number, Candidate>();
  /** Per term: undefined while unread, else the contribution below which its list was cut (0: read whole). */
  private readonly cuts: (number | undefined)[];
  private floor = 0;
  private readonly best: number[] = [];

  constructor(
    private readonly prepare: <Params extends unknown[], Row>(sql: string) => Database.Statement<Params, Row>,
    private readonly query: KeywordQuery,
    private readonly weighted: readonly Weighted[],
    private readonly averageLength: number,
    private readonly k: number,
  ) {
    this.cuts = weighted.map(() => undefined);
  }

  run(): KeywordResult {
    const { weighted } = this;
    let listsRead = 0;
    let listsCut = 0;
    for (const [index, entry] of weighted.entries()) {
      // Without a floor yet, a long list's best rows give one before the rest of it is read: the best of a sample,
      // since sorting a list of a million rows to seed the floor cost as much as reading it with the cut.
      if (this.floor === 0 && entry.docs > this.seedRows()) {
        this.read(index, { best: this.seedRows() });
        this.settle();
      }
      // What a row outside every list read so far can score: under each cut, plus every unread term's bound.
      const unreadBound = weighted.slice(index).reduce((sum, other) => sum + other.bound, 0);
      const cutSum = this.cuts.reduce<number>((sum, cut) => sum + (cut ?? 0), 0);
      if (this.floor > 0 && this.floor >= cutSum + unreadBound) break;
      // Read this list where a row's contribution could lift a row seen nowhere else to the floor.
      const cut = Math.max(0, this.floor - cutSum - (unreadBound - entry.bound));
      this.read(index, { cut });
      listsRead += 1;
      if (cut > 0) listsCut += 1;
      this.settle();
    }
    const rows = this.ranked().slice(0, this.k).map((candidate) => ({ rid: candidate.rid, id: candidate.id!, score: this.score(candidate) }));
    return { rows, listsRead, listsCut };
  }

  private seedRows(): number {
    return Math.max(4 * this.k, 32);
  }

  private contribution(index: number, tf: number, len: number): number {
    const { idf } = this.weighted[index]!;
    return tf === 0 ? 0 : (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * len) / this.averageLength));
  }

  /** The exact score of a candidate whose counts are all known. */
  private score(candidate: Candidate): number {
    return candidate.tfs.reduce<number>((sum, tf, index) => sum + this.contribution(index, tf!, candidate.len), 0);
  }

  /** The most a candidate can score: its known contributions, and for each unknown term its cut or bound. */
  private upperBound(candidate: Candidate): number {
    return candidate.tfs.reduce<number>((sum, tf, index) => sum + (tf === undefined ? (this.cuts[index] || this.weighted[index]!.bound) : this.contribution(index, tf, candidate.len)), 0);
  }

  /**
   * Reads list `index` for the read's scopes: the rows whose contribution reaches `cut` (0: the whole list), or only
   * the `best` rows by contribution among the first `SEED_SAMPLE` of the list (which says nothing of the others).
   */
  private read(index: number, how: { cut: number } | { best: number }): void {
    const { table, sids } = this.query;
    const entry = this.weighted[index]!;
    const contribution = "? * tf / (tf + ? + ? * len)";
    // Many scopes with a short list: walk the list and test the scope, rather than seek once per scope.
    const sidTest = sids.length > entry.docs ? "+sid" : "sid";
    const select = `SELECT rid, sid, len, tf FROM ${table}_postings WHERE term = ? AND ${sidTest} IN (SELECT value FROM json_each(?))`;
    const factors = [entry.idf * (K1 + 1), K1 * (1 - B), (K1 * B) / this.averageLength];
    const rows =
      "cut" in how
        ? this.prepare<unknown[], Posting>(`${select} AND ${contribution} >= ?`).all(entry.term, JSON.stringify(sids), ...factors, how.cut === 0 ? 0 : how.cut - ROUNDING)
        : this.prepare<unknown[], Posting>(`SELECT * FROM (${select} LIMIT ${SEED_SAMPLE}) ORDER BY ${contribution} DESC, rid LIMIT ?`).all(entry.term, JSON.stringify(sids), ...factors, how.best);
    const returned = new Set<number>();
    for (const row of rows) {
      let candidate = this.candidates.get(row.rid);
      if (candidate === undefined) {
        // A list read whole before this one would have returned the row if it held that term.
        candidate = { rid: row.rid, sid: row.sid, len: row.len, tfs: this.cuts.map((earlier) => (earlier === 0 ? 0 : undefined)) };
        this.candidates.set(row.rid, candidate);
      }
      candidate.tfs[index] = row.tf;
      returned.add(row.rid);
    }
    if (!("cut" in how)) return;
    this.cuts[index] = how.cut;
    if (how.cut === 0) for (const candidate of this.candidates.values()) if (!returned.has(candidate.rid)) candidate.tfs[index] = 0;
  }

  /**
   * Completes (looks up the unknown counts) and checks (the item filters) the candidates that could still beat the
   * floor, best bound first and a batch at a time, raising the floor after each batch so that fewer need it. A row
   * that can at most tie the floor is left out: among rows tied at the k-th score any may be returned.
   */
  private settle(): void {
    const pending = [...this.candidates.values()]
      .filter((candidate) => candidate.passes === undefined)
      .map((candidate) => ({ candidate, bound: this.upperBound(candidate) }))
      .sort((a, b) => b.bound - a.bound);
    // Batches double, so a long run of hopeful rows costs a few queries, not one per batch of k.
    for (let start = 0, size = this.seedRows(); start < pending.length && pending[start]!.bound > this.floor; start += size, size *= 2) {
      const batch = pending.slice(start, start + size).filter((entry) => entry.bound > this.floor).map((entry) => entry.candidate);
      this.complete(batch.filter((candidate) => candidate.tfs.includes(undefined)));
      this.check(batch.filter((candidate) => this.score(candidate) > this.floor));
    }
  }

  private complete(open: readonly Candidate[]): void {
    if (open.length === 0) return;
    const termIndex = new Map(this.weighted.map((entry, index) => [entry.term, index]));
    const unknown = this.weighted.filter((_, index) => open.some((candidate) => candidate.tfs[index] === undefined)).map((entry) => entry.term);
    const found = this.prepare<[string, string], { rid: number; term: string; tf: number }>(
        `SELECT p.rid, p.term, p.tf FROM json_each(?) c CROSS JOIN ${this.query.table}_postings p
         ON p.term IN (SELECT value FROM json_each(?)) AND p.sid = json_extract(c.value, '$[0]') AND p.rid = json_extract(c.value, '$[1]')`,
      )
      .all(JSON.stringify(open.map((candidate) => [candidate.sid, candidate.rid])), JSON.stringify(unknown));
    for (const row of found) this.candidates.get(row.rid)!.tfs[termIndex.get(row.term)!] = row.tf;
    for (const candidate of open) candidate.tfs.forEach((tf, index) => (candidate.tfs[index] = tf ?? 0));
  }

  private check(rows: readonly Candidate[]): void {
    if (rows.length === 0) return;
    const passing = new Map(
      this.prepare<unknown[], { rid: number; id: string }>(`SELECT t.rid, t.id FROM ${this.query.table} t WHERE t.rid IN (SELECT value FROM json_each(?))${this.query.filter}`)
        .all(JSON.stringify(rows.map((candidate) => candidate.rid)), ...this.query.filterParams)
        .map((row) => [row.rid, row.id]),
    );
    for (const candidate of rows) {
      candidate.id = passing.get(candidate.rid);
      candidate.passes = candidate.id !== undefined;
      if (candidate.passes) this.raiseFloor(this.score(candidate));
    }
  }

  /** Keeps the k best scores of passing rows; the k-th is the floor. */
  private raiseFloor(score: number): void {
    const at = this.best.findIndex((other) => other < score);
    this.best.splice(at === -1 ? this.best.length : at, 0, score);
    if (this.best.length > this.k) this.best.pop();
    if (this.best.length === this.k) this.floor = this.best[this.k - 1]!;
  }

  /** Candidates known exactly and passing the filters, best first (ties by row id). */
  private ranked(): Candidate[] {
    return [...this.candidates.values()]
      .filter((candidate) => candidate.passes === true)
      .map((candidate) => ({ candidate, score: this.score(candidate) }))
      .sort((a, b) => b.score - a.score || a.candidate.rid - b.candidate.rid)
      .map((entry) => entry.candidate);
  }
}
