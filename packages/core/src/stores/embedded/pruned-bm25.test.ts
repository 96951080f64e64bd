import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { orQuery } from "../../util/keyword-query.js";
import { PrunedBm25, type TextQuery } from "./pruned-bm25.js";

/** A deterministic generator (mulberry32), so every run sees the same corpus. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const VOCABULARY = Array.from({ length: 400 }, (_, index) => `w${index.toString(36)}x`);

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

function corpus(rows: number, seed: number, file = ":memory:") {
  const db = new Database(file);
  db.exec("CREATE TABLE docs (rid INTEGER PRIMARY KEY, id TEXT, parity INTEGER); CREATE VIRTUAL TABLE docs_fts USING fts5 (summary, tokenize='porter unicode61');");
  const next = random(seed);
  const insert = db.transaction((count: number, offset: number) => {
    for (let rid = offset + 1; rid <= offset + count; rid += 1) {
      db.prepare("INSERT INTO docs VALUES (?, ?, ?)").run(rid, `d${rid}`, rid % 2);
      db.prepare("INSERT INTO docs_fts (rowid, summary) VALUES (?, ?)").run(rid, Array.from({ length: 4 + Math.floor(next() * 12) }, () => zipfWord(next)).join(" "));
    }
  });
  insert(rows, 0);
  return { db, next, add: (count: number) => insert(count, (db.prepare("SELECT max(rid) AS n FROM docs").get() as { n: number }).n) };
}

function fullRanking(db: Database.Database, query: TextQuery, terms: readonly string[], k: number) {
  return db
    .prepare(`SELECT t.id, -bm25(docs_fts) AS score FROM docs_fts JOIN docs t ON t.rid = docs_fts.rowid WHERE docs_fts MATCH ?${query.where} ORDER BY bm25(docs_fts) LIMIT ?`)
    .all(orQuery(terms), ...query.whereParams, k) as { id: string; score: number }[];
}

function expectSameRanking(actual: readonly { id: string; score: number }[], expected: readonly { id: string; score: number }[]) {
  expect(actual.map((row) => row.score)).toEqual(expected.map((row) => expect.closeTo(row.score, 9)));
  // Rows of equal score may come in either order; distinct scores must match row for row.
  expect(new Set(actual.map((row) => row.id))).toEqual(new Set(expected.map((row) => row.id)));
}

describe("pruned bm25 (MaxScore over FTS5)", () => {
  const all: TextQuery = { fts: "docs_fts", table: "docs", where: "", whereParams: [] };
  const evenRows: TextQuery = { fts: "docs_fts", table: "docs", where: " AND t.parity = ?", whereParams: [0] };

  it("returns exactly FTS5's top k for random queries, with and without a filter, and prunes most of them", async () => {
    const { db, next } = corpus(3000, 7);
    const ranker = new PrunedBm25(db);
    let pruned = 0;
    for (let query = 0; query < 150; query += 1) {
      const terms = [...new Set([zipfWord(next), zipfWord(next), VOCABULARY[Math.floor(next() * VOCABULARY.length)]!])];
      for (const scope of [all, evenRows]) {
        const result = ranker.search(scope, terms, 10);
        expectSameRanking(result.rows, fullRanking(db, scope, terms, 10));
        if (scope === all && result.rankedTerms < terms.length) pruned += 1;
      }
    }
    // Unfiltered, most queries are answered without ranking their most common term.
    expect(pruned).toBeGreaterThan(75);
  });

  it("stays exact after writes it was told about", async () => {
    const { db, next, add } = corpus(1000, 11);
    const ranker = new PrunedBm25(db);
    const terms = [VOCABULARY[0]!, VOCABULARY[150]!, VOCABULARY[300]!];
    expectSameRanking(ranker.search(all, terms, 10).rows, fullRanking(db, all, terms, 10));
    add(40);
    ranker.changed("docs_fts", 40);
    expectSameRanking(ranker.search(all, terms, 10).rows, fullRanking(db, all, terms, 10));
    add(500);
    ranker.changed("docs_fts", 500);
    for (let query = 0; query < 30; query += 1) {
      const random3 = [zipfWord(next), zipfWord(next), zipfWord(next)];
      expectSameRanking(ranker.search(all, random3, 5).rows, fullRanking(db, all, random3, 5));
    }
  });

  it("stays exact after another connection wrote to the database", async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), "pruned-bm25-")), "docs.db");
    const db = new Database(file);
    db.exec("CREATE TABLE docs (rid INTEGER PRIMARY KEY, id TEXT); CREATE VIRTUAL TABLE docs_fts USING fts5 (summary);");
    const texts = [
      ...Array.from({ length: 10 }, () => "beta alpha"),
      ...Array.from({ length: 200 }, () => "beta filler"),
      ...Array.from({ length: 5 }, () => "alpha alpha alpha"),
      ...Array.from({ length: 1800 }, () => "alpha filler"),
    ];
    db.transaction(() => texts.forEach((text, index) => {
      db.prepare("INSERT INTO docs VALUES (?, ?)").run(index + 1, `d${index + 1}`);
      db.prepare("INSERT INTO docs_fts (rowid, summary) VALUES (?, ?)").run(index + 1, text);
    }))();
    const ranker = new PrunedBm25(db);
    const terms = ["alpha", "beta"];
    // The first search counts both terms: alpha is in most rows, so its weight is ~0.
    expectSameRanking(ranker.search(all, terms, 5).rows, fullRanking(db, all, terms, 5));
    // Another process deletes the alpha fillers: alpha becomes rare (its weight rises), beta common. Nothing tells
    // the ranker; stale counts would accept the "beta alpha" rows and miss the "alpha alpha alpha" ones.
    const other = new Database(file);
    other.transaction(() => {
      other.prepare("DELETE FROM docs_fts WHERE rowid > 215").run();
      other.prepare("DELETE FROM docs WHERE rid > 215").run();
    })();
    other.close();
    const expected = fullRanking(db, all, terms, 5);
    expect(expected.map((row) => row.id)).toEqual(["d211", "d212", "d213", "d214", "d215"]);
    expectSameRanking(ranker.search(all, terms, 5).rows, expected);
  });

  it("falls back to the full ranking when fewer than k rows match the rare terms' bound", async () => {
    const { db } = corpus(200, 3);
    const ranker = new PrunedBm25(db);
    const result = ranker.search(all, [VOCABULARY[0]!, VOCABULARY[1]!], 50);
    expectSameRanking(result.rows, fullRanking(db, all, [VOCABULARY[0]!, VOCABULARY[1]!], 50));
  });
});
