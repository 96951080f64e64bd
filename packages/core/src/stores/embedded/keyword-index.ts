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
}

interface Candidate {
  readonly rid: number;
  readonly len: number;
  /** Per query term (in `weighted` order): its count in the row, or undefined while unknown. */
  readonly tfs: (number | undefined)[];
  /** Whether the row passes the item filters (undefined: not checked yet), and its id. */
  passes?: boolean;
  id?: string;
}

interface Posting {
  readonly rid: number;
  readonly len: number;
  readonly tf: number;
}

/**
 * A run of a posting list: its postings of one scope with one count. The postings' key, (term, scope, count, length,
 * row), orders a run by length, so by contribution, best first. `next` is the length of its first unread posting
 * (undefined: read to its end).
 */
interface Run {
  readonly sid: number;
  readonly tf: number;
  next: number | undefined;
}

interface Plan {
  readonly target: number;
  readonly postings: number;
  readonly after: number;
}

interface List {
  /** Its runs for the read's scopes, once listed. */
  runs?: Run[];
  /**
   * Its next read, once planned: how far down it goes, how many postings it returns, and the least its unread bound
   * can be after it (the best of the runs it does not read; its bound is that when the runs it reads have nothing left
   * above it, as where rows are of one length).
   */
  plan?: Plan;
  /** Whether any of it was read. */
  touched: boolean;
}

/**
 * A list no longer than this many postings per scope read (in its partitions, at least `SHORT_LIST`) is read whole at
 * once: listing its runs, two seeks per scope and count, would cost about as much.
 */
const SHORT_LIST = 256;
const SHORT_PER_SCOPE = 16;

/** A read of a list goes this far (a fraction of it) below its best unread contribution. */
const STEP = 1 / 16;

/** The postings of a list's spans (`:spans`, [scope, count, first length, last length] each) for `:term`. */
const SPAN_JOIN = (table: NodeTable) =>
  `json_each(:spans) s CROSS JOIN ${table}_postings p ON p.term = :term AND p.sid = s.value ->> 0 AND p.tf = s.value ->> 1 AND p.len >= s.value ->> 2 AND p.len <= s.value ->> 3`;

/**
 * Exact top-k BM25 over memograph's own postings (kept by triggers, see schema.ts), in the manner of Fagin's threshold
 * algorithm and MaxScore over impact-ordered lists. A posting's contribution to a row's score grows with its count
 * and falls with the row's length, and the postings are keyed by (term, scope, count, length): a long list is read
 * from its best postings down, a band at a time, by range seeks in each of its runs (one scope, one count), and what
 * its unread postings can add is known exactly (its runs' first unread postings). Short lists are read whole. Each
 * step reads the list whose next band lowers most, per posting it returns (counted first), the bound of a row seen
 * nowhere yet (the sum of the lists' unread bounds); the candidates that could beat the k-th best exact score (the
 * floor) have their missing counts looked up in their rows' own terms and the item filters checked, best bound first.
 * Reading stops once no unseen row can beat the floor, then goes on only where a band costs fewer postings than the
 * completions it rules out. The result is the ranking of scoring every row (of rows tied at the k-th score, any may
 * be returned) by the query's `MAX_KEYWORD_TERMS` rarest indexed words.
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
        return { term, docs, idf: Math.log(1 + (documents - docs + 0.5) / (docs + 0.5)) };
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
  private readonly lists: List[];
  /** Per term: the most an unread posting of its list contributes (0: the list is read whole). */
  private readonly unread: number[];
  private floor = 0;
  private readonly best: number[] = [];

  constructor(
    private readonly prepare: <Params extends unknown[], Row>(sql: string) => Database.Statement<Params, Row>,
    private readonly query: KeywordQuery,
    private readonly weighted: readonly Weighted[],
    private readonly averageLength: number,
    private readonly k: number,
  ) {
    this.lists = weighted.map(() => ({ touched: false }));
    // tf saturates below k1 + 1.
    this.unread = weighted.map((entry) => entry.idf * (K1 + 1));
  }

  run(): KeywordResult {
    const short = Math.max(SHORT_LIST, SHORT_PER_SCOPE * this.query.sids.length);
    for (const [index, entry] of this.weighted.entries()) if (entry.docs <= short) this.readWhole(index);
    for (;;) {
      // Check the most hopeful candidates, raising the floor; then, while a row seen nowhere yet could still beat it,
      // read further into a list, and after that only where reading is cheaper than completing candidates. A list's
      // runs are listed (which gives its exact bound) only once the bounds of the lists listed so far do not decide.
      this.settle(this.seedRows());
      const open = this.unread.reduce((sum, bound) => sum + bound, 0);
      if (open === 0) break;
      const unlisted = this.unlisted();
      if (unlisted !== undefined) {
        this.listRuns(unlisted);
        continue;
      }
      const next = this.best.length === this.k && this.floor >= open ? this.pruningList() : this.cheapestDrop();
      if (next === undefined) break;
      this.deepen(next);
    }
    this.settle(Infinity);
    const rows = this.ranked().slice(0, this.k).map((candidate) => ({ rid: candidate.rid, id: candidate.id!, score: this.score(candidate) }));
    const touched = this.lists.filter((list) => list.touched).length;
    const cut = this.lists.filter((list, index) => list.touched && this.unread[index]! > 0).length;
    return { rows, listsRead: touched, listsCut: cut };
  }

  /** The unlisted list (not read whole) with the highest bound, if any. */
  private unlisted(): number | undefined {
    let best: number | undefined;
    for (const [index, list] of this.lists.entries()) {
      if (list.runs === undefined && this.unread[index]! > 0 && (best === undefined || this.unread[index]! > this.unread[best]!)) best = index;
    }
    return best;
  }

  /**
   * The list whose next read lowers the bound of unseen rows (the sum of the lists' unread bounds) the most for the
   * postings it returns. Any list may be the one: reading a few of a common word's best postings can rule out a rare
   * word's whole tail of rows that lack it.
   */
  private cheapestDrop(): number {
    let best: { index: number; gain: number } | undefined;
    for (const [index, bound] of this.unread.entries()) {
      if (bound === 0) continue;
      const { after, postings } = this.plan(index);
      const gain = (bound - after) / Math.max(1, postings);
      if (best === undefined || gain > best.gain) best = { index, gain };
    }
    return best!.index;
  }

  /**
   * Once no row unseen so far can beat the floor, the list worth reading further instead of completing hopeful
   * candidates: its next read lowers the bound of every candidate lacking its count, and rules out those it brings
   * to the floor. Read when it returns no more postings than it rules out candidates (a posting read costs about as
   * much as a completion); none when no list is worth it.
   */
  private pruningList(): number | undefined {
    const hopeful = this.hopeful();
    let best: { index: number; ruled: number } | undefined;
    for (const [index, bound] of this.unread.entries()) {
      if (bound === 0 || hopeful.length === 0) continue;
      const { after, postings } = this.plan(index);
      const ruled = hopeful.filter((entry) => entry.candidate.tfs[index] === undefined && entry.bound - (bound - after) <= this.floor).length;
      if (ruled >= postings && (best === undefined || ruled > best.ruled)) best = { index, ruled };
    }
    return best?.index;
  }

  /** List `index`'s next read (planned once per read: counting its postings costs a walk of them inside SQLite). */
  private plan(index: number): Plan {
    const list = this.lists[index]!;
    if (list.plan === undefined) {
      const target = this.unread[index]! * (1 - STEP);
      const { n } = this.prepare<[{ term: string; spans: string }], { n: number }>(`SELECT count(*) AS n FROM ${SPAN_JOIN(this.query.table)}`).get({ term: this.weighted[index]!.term, spans: this.spans(index, target).json })!;
      const after = list.runs!.reduce((most, run) => {
        const best = run.next === undefined ? 0 : this.contribution(index, run.tf, run.next);
        return best < target ? Math.max(most, best) : most;
      }, 0);
      list.plan = { target, postings: n, after };
    }
    return list.plan;
  }

  private deepen(index: number): void {
    this.readRuns(index, this.plan(index).target);
    this.lists[index]!.plan = undefined;
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

  /** The candidates not checked yet that could still beat the floor, with the most each can score. */
  private hopeful(): { candidate: Candidate; bound: number }[] {
    return [...this.candidates.values()]
      .filter((candidate) => candidate.passes === undefined)
      .map((candidate) => ({ candidate, bound: this.upperBound(candidate) }))
      .filter((entry) => entry.bound > this.floor);
  }

  /** The most a candidate can score: its known contributions, and for each unknown term its list's unread bound. */
  private upperBound(candidate: Candidate): number {
    return candidate.tfs.reduce<number>((sum, tf, index) => sum + (tf === undefined ? this.unread[index]! : this.contribution(index, tf, candidate.len)), 0);
  }

  /** Reads list `index` whole for the read's scopes. */
  private readWhole(index: number): void {
    const { table, sids } = this.query;
    // Many scopes with a short list: walk the list and test the scope, rather than seek once per scope.
    const sidTest = sids.length > this.weighted[index]!.docs ? "+sid" : "sid";
    const rows = this.prepare<[string, string], Posting>(`SELECT rid, len, tf FROM ${table}_postings WHERE term = ? AND ${sidTest} IN (SELECT value FROM json_each(?))`).all(
      this.weighted[index]!.term,
      JSON.stringify(sids),
    );
    this.take(index, rows);
    this.unread[index] = 0;
    this.finished(index);
  }

  /** Lists the runs of list `index` for the read's scopes, with the length of each run's first posting. */
  private listRuns(index: number): void {
    const postings = `${this.query.table}_postings`;
    const runs = this.prepare<[{ term: string; sids: string }], Run>(
      `WITH RECURSIVE run (sid, tf) AS (
         SELECT value, (SELECT max(tf) FROM ${postings} WHERE term = :term AND sid = value) FROM json_each(:sids)
         UNION ALL
         SELECT sid, (SELECT max(tf) FROM ${postings} WHERE term = :term AND sid = run.sid AND tf < run.tf) FROM run WHERE tf IS NOT NULL
       )
       SELECT sid, tf, (SELECT min(len) FROM ${postings} WHERE term = :term AND sid = run.sid AND tf = run.tf) AS next FROM run WHERE tf IS NOT NULL`,
    ).all({ term: this.weighted[index]!.term, sids: JSON.stringify(this.query.sids) });
    this.lists[index]!.runs = runs;
    this.updateUnread(index);
  }

  /** The spans of list `index`'s runs that hold unread postings contributing at least `target` (as JSON), and their runs. */
  private spans(index: number, target: number): { runs: Run[]; json: string } {
    const { idf } = this.weighted[index]!;
    const runs = this.lists[index]!.runs!.filter((run) => run.next !== undefined && this.contribution(index, run.tf, run.next) >= target);
    // A run's postings reach `target` up to this length (at least its first unread one, whatever the rounding).
    const longest = (run: Run) => Math.max(run.next!, ((idf * (K1 + 1) * run.tf) / target - run.tf - K1 * (1 - B)) / ((K1 * B) / this.averageLength));
    return { runs, json: JSON.stringify(runs.map((run) => [run.sid, run.tf, run.next, longest(run)])) };
  }

  /** Reads, in list `index`'s runs, every unread posting that contributes at least `target`. */
  private readRuns(index: number, target: number): void {
    const { term } = this.weighted[index]!;
    const { runs, json } = this.spans(index, target);
    const postings = `${this.query.table}_postings`;
    const rows = this.prepare<[{ term: string; spans: string }], Posting>(`SELECT p.rid, p.len, p.tf FROM ${SPAN_JOIN(this.query.table)}`).all({ term, spans: json });
    const next = this.prepare<[{ term: string; spans: string }], { next: number | null }>(
      `SELECT (SELECT min(len) FROM ${postings} p WHERE p.term = :term AND p.sid = s.value ->> 0 AND p.tf = s.value ->> 1 AND p.len > s.value ->> 3) AS next
         FROM json_each(:spans) s ORDER BY s.key`,
    ).all({ term, spans: json });
    runs.forEach((run, at) => (run.next = next[at]!.next ?? undefined));
    this.take(index, rows);
    this.updateUnread(index);
  }

  /** The best contribution of any unread posting of list `index`: its runs' first unread ones. */
  private updateUnread(index: number): void {
    this.unread[index] = this.lists[index]!.runs!.reduce((most, run) => (run.next === undefined ? most : Math.max(most, this.contribution(index, run.tf, run.next))), 0);
    if (this.unread[index] === 0) this.finished(index);
  }

  private take(index: number, rows: readonly Posting[]): void {
    if (rows.length > 0) this.lists[index]!.touched = true;
    for (const row of rows) {
      let candidate = this.candidates.get(row.rid);
      if (candidate === undefined) {
        // A list read whole before this one would have returned the row if it held that term.
        candidate = { rid: row.rid, len: row.len, tfs: this.unread.map((bound) => (bound === 0 ? 0 : undefined)) };
        this.candidates.set(row.rid, candidate);
      }
      candidate.tfs[index] = row.tf;
    }
  }

  /** List `index` is read whole: a candidate it did not return lacks its term. */
  private finished(index: number): void {
    for (const candidate of this.candidates.values()) candidate.tfs[index] ??= 0;
  }

  /**
   * Completes (looks up the unknown counts) and checks (the item filters) the candidates that could still beat the
   * floor, best bound first and a batch at a time, raising the floor after each batch so that fewer need it; at most
   * `budget` of them. A row that can at most tie the floor is left out: among rows tied at the k-th score any may be
   * returned.
   */
  private settle(budget: number): void {
    const pending = this.hopeful().sort((a, b) => b.bound - a.bound);
    // Batches double, so a long run of hopeful rows costs a few queries, not one per batch of k.
    for (let start = 0, size = this.seedRows(); start < Math.min(pending.length, budget) && pending[start]!.bound > this.floor; start += size, size *= 2) {
      const batch = pending.slice(start, start + size).filter((entry) => entry.bound > this.floor).map((entry) => entry.candidate);
      this.complete(batch.filter((candidate) => candidate.tfs.includes(undefined)));
      this.check(batch.filter((candidate) => this.score(candidate) > this.floor));
    }
  }

  /** Looks up the open candidates' unknown counts in their rows' own terms (the JSON object each row keeps). */
  private complete(open: readonly Candidate[]): void {
    if (open.length === 0) return;
    const unknown = [...this.weighted.keys()].filter((index) => open.some((candidate) => candidate.tfs[index] === undefined));
    // Terms are letters and digits (and an apostrophe): a quoted JSON path label holds them as they are.
    const counts = unknown.map((_, at) => `json_extract(t.keywords, ?) AS c${at}`).join(", ");
    const found = this.prepare<unknown[], Record<string, number | null> & { rid: number }>(
      `SELECT t.rid, ${counts} FROM json_each(?) c CROSS JOIN ${this.query.table} t ON t.rid = c.value`,
    ).all(...unknown.map((index) => `$.${JSON.stringify(this.weighted[index]!.term)}`), JSON.stringify(open.map((candidate) => candidate.rid)));
    for (const row of found) {
      const candidate = this.candidates.get(row.rid)!;
      unknown.forEach((index, at) => (candidate.tfs[index] ??= row[`c${at}`] ?? 0));
    }
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
