import { readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import type { Item, Scope } from "../../model/index.js";
import { HashingEmbedder } from "../../providers/offline/hashing-embedder.js";
import { createMemory } from "../../service/memory-service.js";
import { readScope } from "../../engine/engine.js";
import { itemHash } from "../../memorize/item-hash.js";
import { MAX_KEYWORD_TERMS } from "../../util/keyword-query.js";
import { contentTerms } from "../../util/text.js";
import { KeywordIndex } from "./keyword-index.js";
import { StatementCache } from "./statement-cache.js";
import { SCHEMA_VERSION } from "./schema.js";
import { SqliteStore } from "./sqlite-store.js";

/** A deterministic generator (mulberry32), so every run sees the same corpus. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

// Letters only, so the stemmer leaves them alone, and none is a stop word.
const VOCABULARY = Array.from({ length: 400 }, (_, index) => `q${index.toString(26).replace(/[0-9]/g, (digit) => "abcdefghij"[Number(digit)]!)}zx`);

function zipfWord(next: () => number): string {
  // Rank r drawn with probability ∝ 1/r: a few words occur in most rows.
  const harmonic = VOCABULARY.reduce((sum, _, index) => sum + 1 / (index + 1), 0);
  let target = next() * harmonic;
  for (let index = 0; index < VOCABULARY.length; index += 1) {
    target -= 1 / (index + 1);
    if (target <= 0) return VOCABULARY[index]!;
  }
  return VOCABULARY.at(-1)!;
}

const sentence = (next: () => number) => Array.from({ length: 3 + Math.floor(next() * 12) }, () => zipfWord(next)).join(" ");
const query = (next: () => number) => `${zipfWord(next)} ${zipfWord(next)} ${VOCABULARY[Math.floor(next() * VOCABULARY.length)]!}`;

interface Row {
  rid: number;
  id: string;
  scope: string;
  type: string;
  status: string;
  summary: string;
  context: string | null;
}

/**
 * The reference: Okapi BM25 (k1 1.2, b 0.75, idf log(1 + (N - n + 0.5) / (n + 0.5))) with statistics computed over the
 * items of the partitions (tenants) the read covers, then the rows the read may see, best first. A word of an item's
 * context counts half, in its counts and its length.
 */
const tokenized = new WeakMap<readonly Row[], { row: Row; terms: string[]; context: string[] }[]>();

const tenantOf = (row: Row) => JSON.parse(row.scope).userId as string;

function bm25Reference(rows: readonly Row[], text: string, k: number, visible: (row: Row) => boolean): { id: string; score: number }[] {
  const tokens = tokenized.get(rows) ?? rows.map((row) => ({ row, terms: contentTerms(row.summary), context: contentTerms(row.context ?? "") }));
  tokenized.set(rows, tokens);
  const tenants = new Set(rows.filter(visible).map(tenantOf));
  const documents = tokens.filter((document) => tenants.has(tenantOf(document.row)));
  const length = (document: (typeof documents)[number]) => document.terms.length + document.context.length / 2;
  const averageLength = documents.reduce((sum, document) => sum + length(document), 0) / documents.length;
  const terms = [...new Set(contentTerms(text))];
  const idf = new Map(terms.map((term) => {
    const n = documents.filter((document) => document.terms.includes(term) || document.context.includes(term)).length;
    return [term, Math.log(1 + (documents.length - n + 0.5) / (n + 0.5))];
  }));
  return documents
    .filter((document) => visible(document.row))
    .map((document) => ({
      id: document.row.id,
      score: terms.reduce((sum, term) => {
        const tf = document.terms.filter((other) => other === term).length + document.context.filter((other) => other === term).length / 2;
        return sum + (idf.get(term)! * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * length(document)) / averageLength));
      }, 0),
    }))
    .filter((hit) => hit.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, k);
}

function expectSameRanking(actual: readonly { id: string; score: number }[], expected: readonly { id: string; score: number }[]) {
  expect(actual.map((row) => row.score)).toEqual(expected.map((row) => expect.closeTo(row.score, 9)));
  // Rows of equal score may come in either order (and cut at k); distinct scores must match row for row.
  const last = expected.at(-1)?.score;
  const strict = (rows: readonly { id: string; score: number }[]) => new Set(rows.filter((row) => last === undefined || row.score - last > 1e-9).map((row) => row.id));
  expect(strict(actual)).toEqual(strict(expected));
}

function item(scope: Scope, summary: string, type: string): { record: Item; embedding: number[] } {
  const now = new Date().toISOString();
  return {
    record: {
      id: `itm_${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`, type, summary, happenedAt: null, contentHash: itemHash(type, summary),
      reinforcementCount: 1, lastReinforcedAt: null, status: "active", scope, sources: [], categories: [], metadata: {}, createdAt: now, updatedAt: now,
    },
    embedding: [],
  };
}

interface CorpusShape {
  /** Agents per tenant (scopes of the first tenant, then of the second). */
  readonly agents: readonly [number, number];
  readonly sentence: (next: () => number) => string;
  /** The item's context (the source passage, whose words count half), if any. */
  readonly context?: (next: () => number) => string | undefined;
}

/** A store on disk holding `count` items over two tenants and their agents, and a second connection to read it raw. */
async function corpus(count: number, seed: number, shape: CorpusShape = { agents: [4, 4], sentence }) {
  const dir = await mkdtemp(path.join(tmpdir(), "memograph-keywords-"));
  const embedder = new HashingEmbedder({ dimensions: 8 });
  const store = new SqliteStore({ dir });
  await store.init({ id: embedder.id, dimensions: embedder.dimensions });
  const next = random(seed);
  const add = async (rows: number) => {
    const byScope = new Map<string, { scope: Scope; items: (ReturnType<typeof item> & { context?: string })[] }>();
    for (let index = 0; index < rows; index += 1) {
      const tenant = Math.floor(next() * 2);
      const scope = { userId: `tenant${tenant}`, agentId: `agent${Math.floor(next() * shape.agents[tenant]!)}` };
      const entry = byScope.get(JSON.stringify(scope)) ?? { scope, items: [] as (ReturnType<typeof item> & { context?: string })[] };
      const context = shape.context?.(next);
      entry.items.push({ ...item(scope, shape.sentence(next), next() < 0.3 ? "event" : "knowledge"), ...(context === undefined ? {} : { context }) });
      byScope.set(JSON.stringify(scope), entry);
    }
    for (const { scope, items } of byScope.values()) {
      const upsertItems = await Promise.all(items.map(async (entry) => ({ ...entry, embedding: (await embedder.embed([entry.record.summary]))[0]! })));
      await store.write(scope, { upsertItems });
    }
  };
  await add(count);
  const raw = new Database(path.join(dir, "memograph.db"));
  const rows = () => raw.prepare("SELECT rid, id, scope, type, status, summary, context FROM items").all() as Row[];
  return { dir, store, raw, rows, next, add };
}

describe("keyword index (BM25 over memograph's postings)", () => {
  it("weighs only the rarest words of a query of hundreds of distinct indexed words", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "memograph-keywords-"));
    const embedder = new HashingEmbedder({ dimensions: 8 });
    const store = new SqliteStore({ dir });
    await store.init({ id: embedder.id, dimensions: embedder.dimensions });
    const scope = { userId: "tenant0" };
    const word = (index: number) => `w${index.toString(26).replace(/[0-9]/g, (digit) => "abcdefghij"[Number(digit)]!)}zx`;
    // Every word in two items, but two in a single one: the rarest, which must decide the ranking.
    const count = 500;
    const summaries = [...Array.from({ length: count }, (_, index) => `${word(index)} ${word((index + 1) % count)}`), "onlyoncezx alsorarezx"];
    const upsertItems = await Promise.all(summaries.map(async (summary) => ({ ...item(scope, summary, "knowledge"), embedding: (await embedder.embed([summary]))[0]! })));
    await store.write(scope, { upsertItems });
    const raw = new Database(path.join(dir, "memograph.db"));
    const sids = (raw.prepare("SELECT sid FROM scopes").all() as { sid: number }[]).map((row) => row.sid);
    const parts = ["tenant0"];
    const text = [...Array.from({ length: count }, (_, index) => word(index)), "onlyoncezx", "alsorarezx"].join(" ");
    const result = new KeywordIndex(new StatementCache(raw)).search({ table: "items", sids, parts, filter: "", filterParams: [] }, text, 10);
    expect(result.listsRead).toBeLessThanOrEqual(MAX_KEYWORD_TERMS);
    expect(result.rows[0]!.id).toBe(upsertItems.at(-1)!.record.id);
    raw.close();
    await store.close();
  });

  it("ranks exactly like scoring every row while reading most long lists only above a threshold, or not at all", async () => {
    const { raw, rows, next } = await corpus(3000, 7);
    const index = new KeywordIndex(new StatementCache(raw));
    const all = rows();
    const sids = (raw.prepare("SELECT sid FROM scopes").all() as { sid: number }[]).map((row) => row.sid);
    const parts = ["tenant0", "tenant1"];
    let pruned = 0;
    for (let round = 0; round < 150; round += 1) {
      const text = query(next);
      for (const k of [1, 10, 50]) {
        const result = index.search({ table: "items", sids, parts, filter: "", filterParams: [] }, text, k);
        expectSameRanking(result.rows, bm25Reference(all, text, k, () => true));
        if (k === 10 && (result.listsCut > 0 || result.listsRead < new Set(contentTerms(text)).size)) pruned += 1;
      }
    }
    expect(pruned).toBeGreaterThan(100);
  });

  it("ranks exactly when the common words' lists are long and many candidates need completing", async () => {
    const { raw, rows, next } = await corpus(12_000, 17);
    const index = new KeywordIndex(new StatementCache(raw));
    const all = rows();
    const sids = (raw.prepare("SELECT sid FROM scopes").all() as { sid: number }[]).map((row) => row.sid);
    const longest = raw.prepare("SELECT max(docs) AS n FROM (SELECT sum(docs) AS docs FROM keyword_terms WHERE tbl = 'items' GROUP BY term)").get() as { n: number };
    expect(longest.n).toBeGreaterThan(4096);
    for (let round = 0; round < 25; round += 1) {
      // Three of the commonest words: every list is long, and many candidates need completing.
      const text = [0, 1, 2].map(() => VOCABULARY[Math.floor(next() * 6)]!).join(" ");
      const result = index.search({ table: "items", sids, parts: ["tenant0", "tenant1"], filter: "", filterParams: [] }, text, 10);
      expectSameRanking(result.rows, bm25Reference(all, text, 10, () => true));
    }
  });

  it("ranks exactly where rows tie (every row as long, counts repeated), over many scopes, reading long lists from their best postings", async () => {
    // As the scale benchmark's items: twelve words each, so rows differ only by their counts and many tie.
    const twelve = (next: () => number) => Array.from({ length: 12 }, () => VOCABULARY[Math.floor(next() ** 3 * 40)]!).join(" ");
    const { raw, store, rows, next } = await corpus(6000, 23, { agents: [30, 3], sentence: twelve });
    const index = new KeywordIndex(new StatementCache(raw));
    const all = rows();
    const sidsOf = (tenant: string) => (raw.prepare("SELECT sid FROM scopes WHERE part = ?").all(tenant) as { sid: number }[]).map((row) => row.sid);
    const reads = [
      { sids: [...sidsOf("tenant0"), ...sidsOf("tenant1")], parts: ["tenant0", "tenant1"], visible: () => true },
      { sids: sidsOf("tenant0"), parts: ["tenant0"], visible: (row: Row) => tenantOf(row) === "tenant0" },
    ];
    let cut = 0;
    for (let round = 0; round < 40; round += 1) {
      const text = [0, 1, 2].map(() => VOCABULARY[Math.floor(next() ** 2 * 40)]!).join(" ");
      for (const read of reads) {
        for (const k of [1, 10, 50]) {
          const result = index.search({ table: "items", sids: read.sids, parts: read.parts, filter: "", filterParams: [] }, text, k);
          expectSameRanking(result.rows, bm25Reference(all, text, k, read.visible));
          if (result.listsCut > 0) cut += 1;
        }
      }
      const agent = { userId: "tenant0", agentId: `agent${round % 30}` };
      expectSameRanking(await store.textSearch("item", readScope(agent), text, 10), bm25Reference(all, text, 10, (row) => row.scope === JSON.stringify(agent)));
      expectSameRanking(
        await store.textSearch("item", readScope({ userId: "tenant0" }), text, 10, { types: ["event"] }),
        bm25Reference(all, text, 10, (row) => tenantOf(row) === "tenant0" && row.type === "event"),
      );
    }
    // Most searches stopped before the end of some long list.
    expect(cut).toBeGreaterThan(120);
  });

  it("ranks exactly with items' contexts, whose words count half (fractional counts, lengths of every size)", async () => {
    const { raw, store, rows, next } = await corpus(4000, 29, { agents: [12, 2], sentence, context: (draw) => (draw() < 0.6 ? sentence(draw) : undefined) });
    const index = new KeywordIndex(new StatementCache(raw));
    const all = rows();
    expect(all.filter((row) => row.context !== null).length).toBeGreaterThan(2000);
    const sids = (raw.prepare("SELECT sid FROM scopes").all() as { sid: number }[]).map((row) => row.sid);
    for (let round = 0; round < 40; round += 1) {
      const text = round % 2 === 0 ? query(next) : [0, 1, 2].map(() => VOCABULARY[Math.floor(next() * 8)]!).join(" ");
      for (const k of [1, 10, 50]) {
        expectSameRanking(index.search({ table: "items", sids, parts: ["tenant0", "tenant1"], filter: "", filterParams: [] }, text, k).rows, bm25Reference(all, text, k, () => true));
      }
      const agent = { userId: "tenant1", agentId: `agent${round % 2}` };
      expectSameRanking(await store.textSearch("item", readScope(agent), text, 10), bm25Reference(all, text, 10, (row) => row.scope === JSON.stringify(agent)));
    }
  });

  it("returns through the store exactly the visible rows' ranking, per tenant, per agent and per type", async () => {
    const { store, rows, next } = await corpus(2000, 11);
    const all = rows();
    for (let round = 0; round < 40; round += 1) {
      const text = query(next);
      const views: { read: Scope; types?: string[]; visible: (row: Row) => boolean }[] = [
        { read: { userId: "tenant0" }, visible: (row) => JSON.parse(row.scope).userId === "tenant0" },
        { read: { userId: "tenant1", agentId: "agent2" }, visible: (row) => row.scope === JSON.stringify({ userId: "tenant1", agentId: "agent2" }) },
        { read: { userId: "tenant0" }, types: ["event"], visible: (row) => JSON.parse(row.scope).userId === "tenant0" && row.type === "event" },
      ];
      for (const view of views) {
        const hits = await store.textSearch("item", readScope(view.read), text, 10, view.types === undefined ? {} : { types: view.types });
        expectSameRanking(hits, bm25Reference(all, text, 10, view.visible));
      }
    }
  });

  it("keeps its statistics right through updates, deletes and another connection's writes", async () => {
    const { dir, store, raw, rows, next, add } = await corpus(800, 13);
    const scope = { userId: "tenant0", agentId: "agent0" };
    const [first, second] = (raw.prepare("SELECT id FROM items WHERE scope = ? LIMIT 2").all(JSON.stringify(scope)) as { id: string }[]).map((row) => row.id);
    const updated = item(scope, `${VOCABULARY[0]} ${VOCABULARY[399]} ${VOCABULARY[399]}`, "knowledge");
    await store.write(scope, { upsertItems: [{ record: { ...updated.record, id: first! }, embedding: Array(8).fill(0.1) }], deleteItemIds: [second!] });
    const other = new SqliteStore({ dir });
    await other.init({ id: new HashingEmbedder({ dimensions: 8 }).id, dimensions: 8 });
    await add(200);
    const all = rows();
    for (const tenant of ["tenant0", "tenant1"]) {
      const own = all.filter((row) => tenantOf(row) === tenant);
      const totals = raw.prepare("SELECT docs, tokens FROM keyword_totals WHERE tbl = 'items' AND part = ?").get(tenant) as { docs: number; tokens: number };
      expect(totals).toEqual({ docs: own.length, tokens: own.reduce((sum, row) => sum + contentTerms(row.summary).length, 0) });
    }
    for (let round = 0; round < 30; round += 1) {
      const text = round === 0 ? VOCABULARY[399]! : query(next);
      const hits = await other.textSearch("item", readScope({ userId: "tenant0" }), text, 10);
      expectSameRanking(hits, bm25Reference(all, text, 10, (row) => JSON.parse(row.scope).userId === "tenant0"));
    }
    await other.close();
  });

  it("leaves no term, count or scope value of a forgotten user behind", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "memograph-keywords-"));
    const memory = await createMemory({ dir });
    await memory.createItem({ scope: { userId: "ann" }, type: "profile", summary: "Ann breeds axolotls in Zurbriggen", categories: ["preferences"] });
    await memory.createItem({ scope: { userId: "bob" }, type: "profile", summary: "Bob keeps bees", categories: ["preferences"] });
    await memory.forget({ scope: { userId: "ann" } });
    await memory.close();
    const raw = new Database(path.join(dir, "memograph.db"), { readonly: true });
    const terms = (raw.prepare("SELECT term FROM keyword_terms").all() as { term: string }[]).map((row) => row.term);
    expect(terms).toContain("bee");
    expect(terms.filter((term) => /axolotl|zurbriggen|ann/.test(term))).toEqual([]);
    expect(raw.prepare("SELECT scope FROM scopes").all()).toEqual([{ scope: JSON.stringify({ userId: "bob" }) }]);
    const postings = raw.prepare("SELECT (SELECT count(*) FROM items_postings) + (SELECT count(*) FROM categories_postings) + (SELECT count(*) FROM resources_postings) AS n").get() as { n: number };
    const bobTerms = raw.prepare("SELECT sum((SELECT count(*) FROM json_each(keywords))) AS n FROM (SELECT keywords FROM items UNION ALL SELECT keywords FROM categories UNION ALL SELECT keywords FROM resources)").get() as { n: number };
    expect(postings.n).toBe(bobTerms.n);
  });
});

describe("embedded store schema migration", () => {
  it("opens a version 1 store (FTS5) as the current version: data kept, keyword search, scopes and category counts working, FTS5 gone", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "memograph-v1-"));
    // Written by memograph's version 1 store: ann (agent coach) memorized a chat, bob has one item.
    const fixture = path.join(path.dirname(new URL(import.meta.url).pathname), "fixtures/store-v1.db.gz");
    await writeFile(path.join(dir, "memograph.db"), gunzipSync(readFileSync(fixture)));
    const memory = await createMemory({ dir });
    const ann = { userId: "ann" };
    expect((await memory.listItems({ scope: ann })).records.map((record) => record.summary).sort()).toEqual([
      "User started training for the Berlin marathon in March.",
      "User's knee hurts after long runs, so User sees a physiotherapist on Fridays.",
    ]);
    const found = await memory.retrieve({ query: "marathon training", scope: ann, where: { agentId: "coach" } });
    expect(found.items[0]?.summary).toBe("User started training for the Berlin marathon in March.");
    expect(found.resources).toHaveLength(1);
    expect(found.items[0]?.categories).toContain(found.categories[0]?.name);
    expect((await memory.retrieve({ query: "bees allotment", scope: ann })).items).toEqual([]);
    expect((await memory.retrieve({ query: "bees allotment", scope: { userId: "bob" } })).items).toHaveLength(1);
    await memory.createItem({ scope: ann, type: "knowledge", summary: "Ann's physiotherapist is called Imke" });
    expect((await memory.retrieve({ query: "physiotherapist", scope: ann })).items).toHaveLength(2);
    await memory.close();
    const raw = new Database(path.join(dir, "memograph.db"), { readonly: true });
    expect(raw.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get()).toEqual({ value: String(SCHEMA_VERSION) });
    expect(raw.prepare("SELECT name FROM sqlite_schema WHERE name LIKE '%fts%'").all()).toEqual([]);
    // The registry counts what the tables hold: ann with her agent (migrated), bob (migrated), ann alone (new).
    const counted = (table: string) => `(SELECT count(*) FROM ${table} t WHERE t.scope_key = k.scope_key)`;
    expect(raw.prepare("SELECT scope, items, resources, categories FROM scopes ORDER BY scope").all()).toEqual(
      raw.prepare(`SELECT scope, ${counted("items")} AS items, ${counted("resources")} AS resources, ${counted("categories")} AS categories FROM (SELECT DISTINCT scope_key, scope FROM items UNION SELECT scope_key, scope FROM categories) k ORDER BY scope`).all(),
    );
    expect(raw.prepare("SELECT count(*) AS n FROM scopes").get()).toEqual({ n: 3 });
    // Each category's stored count of active items, filled by the migration and kept since, is the true one.
    const counts = raw.prepare("SELECT id, item_count AS n FROM categories ORDER BY id").all() as { id: string; n: number }[];
    expect(counts).toEqual(raw.prepare("SELECT c.id, (SELECT count(*) FROM item_categories l JOIN items i ON i.id = l.item_id WHERE l.category_id = c.id AND i.status = 'active') AS n FROM categories c ORDER BY c.id").all());
    expect(counts.filter((row) => row.n > 0).length).toBeGreaterThan(1);
  });
});
