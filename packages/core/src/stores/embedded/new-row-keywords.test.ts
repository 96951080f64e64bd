import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import type { Category, Item, Resource, Scope } from "../../model/index.js";
import { readScope } from "../../engine/engine.js";
import { itemHash } from "../../memorize/item-hash.js";
import { INDEX_SQL, NODE_TABLES, SCHEMA_VERSION } from "./schema.js";
import { SqliteStore } from "./sqlite-store.js";

const EMBEDDER = { id: "test-embedder", dimensions: 2 };
const SCOPE: Scope = { userId: "ann", agentId: "helper" };
const NOW = "2026-12-02T00:00:00.000Z";

const item = (id: string, summary: string): { record: Item; embedding: number[] } => ({
  record: {
    id, type: "knowledge", summary, happenedAt: null, contentHash: itemHash("knowledge", summary), reinforcementCount: 1, lastReinforcedAt: null,
    status: "active", scope: SCOPE, sources: [], categories: [], metadata: {}, createdAt: NOW, updatedAt: NOW,
  },
  embedding: [1, 0],
});
const category = (id: string, name: string, summary: string): { record: Category; embedding: number[] } => ({
  record: { id, name, description: `${name} notes`, summary, citedItemIds: [], itemCount: 0, scope: SCOPE, createdAt: NOW, updatedAt: NOW },
  embedding: [0, 1],
});
const resource = (id: string, text: string): { record: Resource; embedding: number[] } => ({
  record: { id, uri: `memory://${id}`, modality: "document", contentHash: id, caption: null, text, metadata: {}, scope: SCOPE, createdAt: NOW },
  embedding: [1, 1],
});

/** The keyword index as the rows say it should be: every row's terms, their counts per partition, the totals. */
function expectIndexOfRows(raw: Database.Database): void {
  for (const table of Object.values(NODE_TABLES)) {
    const sorted = (rows: unknown[]) => rows.map((row) => JSON.stringify(row)).sort();
    expect(sorted(raw.prepare(`SELECT term, sid, rid, tf, len FROM ${table}_postings`).all())).toEqual(
      sorted(raw.prepare(`SELECT j.key AS term, s.sid, t.rid, j.value AS tf, t.keyword_len AS len FROM ${table} t JOIN scopes s ON s.scope_key = t.scope_key, json_each(t.keywords) j`).all()),
    );
    expect(sorted(raw.prepare("SELECT part, term, docs FROM keyword_terms WHERE tbl = ?").all(table))).toEqual(
      sorted(raw.prepare(`SELECT t.part, j.key AS term, count(*) AS docs FROM ${table} t, json_each(t.keywords) j GROUP BY t.part, j.key`).all()),
    );
    expect(sorted(raw.prepare("SELECT part, docs, tokens FROM keyword_totals WHERE tbl = ?").all(table))).toEqual(
      sorted(raw.prepare(`SELECT part, count(*) AS docs, sum(keyword_len) AS tokens FROM ${table} GROUP BY part`).all()),
    );
  }
}

async function openStore() {
  const dir = await mkdtemp(path.join(tmpdir(), "memograph-new-rows-"));
  const store = new SqliteStore({ dir });
  await store.init(EMBEDDER);
  return { dir, store, raw: new Database(path.join(dir, "memograph.db")) };
}

describe("keyword entries of the rows a write adds", () => {
  it("match the rows after writes that add, re-add in the same write, update and delete items, categories and resources", async () => {
    const { store, raw } = await openStore();
    await store.write(SCOPE, {
      resource: resource("res_1", "Ann rows on the lake every Sunday morning"),
      upsertCategories: [category("cat_1", "hobbies", "rowing"), category("cat_1", "hobbies", "rowing and sailing on the lake")],
      // The same item twice in one write: its second version replaces the entries of a row the write itself added.
      upsertItems: [item("itm_1", "Ann rows on the lake"), item("itm_2", "Ann sails on Sundays"), item("itm_1", "Ann rows and sails on the lake")],
    });
    expectIndexOfRows(raw);
    expect(raw.prepare("SELECT count(*) AS n FROM items_postings WHERE term = 'sail'").get()).toEqual({ n: 2 });
    const hits = await store.textSearch("item", readScope(SCOPE), "sails lake", 10);
    expect(hits.map((hit) => hit.id)).toEqual(["itm_1", "itm_2"]);

    await store.write(SCOPE, { deleteItemIds: ["itm_2"], upsertItems: [item("itm_3", "Ann bakes rye bread"), item("itm_1", "Ann rows")], upsertCategories: [category("cat_2", "food", "bread")] });
    expectIndexOfRows(raw);
    const bob = item("itm_4", "Bob bakes bread");
    await store.write({ userId: "bob" }, { upsertItems: [{ ...bob, record: { ...bob.record, scope: { userId: "bob" } } }] });
    expectIndexOfRows(raw);
    raw.close();
    await store.close();
  });

  it("leave nothing behind when the write fails after adding rows", async () => {
    const { store, raw } = await openStore();
    await store.write(SCOPE, { upsertItems: [item("itm_1", "Ann rows on the lake")] });
    const sails = item("itm_2", "Ann sails");
    const failing = { ...sails, record: { ...sails.record, categories: ["no such category"] } };
    await expect(store.write(SCOPE, { upsertItems: [item("itm_3", "Ann bakes bread"), failing] })).rejects.toMatchObject({ field: "categories" });
    expect(raw.prepare("SELECT id FROM items").all()).toEqual([{ id: "itm_1" }]);
    expectIndexOfRows(raw);
    raw.close();
    await store.close();
  });

  it("are written by the store, not the insert triggers, once a version 6 store is opened", async () => {
    const { dir, store, raw } = await openStore();
    await store.write(SCOPE, { upsertItems: [item("itm_1", "Ann rows on the lake")] });
    await store.close();
    // Version 6's insert trigger wrote the new row's postings and counts itself.
    raw.exec(`DROP TRIGGER items_added;
      CREATE TRIGGER items_added AFTER INSERT ON items BEGIN
        INSERT INTO scopes (scope_key, part, scope) VALUES (new.scope_key, new.part, new.scope) ON CONFLICT DO NOTHING;
        UPDATE scopes SET items = items + 1 WHERE scope_key = new.scope_key;
        INSERT INTO items_postings (term, sid, rid, tf, len) SELECT key, (SELECT sid FROM scopes WHERE scope_key = new.scope_key), new.rid, value, new.keyword_len FROM json_each(new.keywords);
        INSERT INTO keyword_terms (tbl, part, term, docs) SELECT 'items', new.part, key, 1 FROM json_each(new.keywords) WHERE true ON CONFLICT DO UPDATE SET docs = docs + 1;
        INSERT INTO keyword_totals (tbl, part, docs, tokens) VALUES ('items', new.part, 1, new.keyword_len) ON CONFLICT DO UPDATE SET docs = docs + 1, tokens = tokens + excluded.tokens;
      END;
      UPDATE meta SET value = '6' WHERE key = 'schema_version';`);
    const reopened = new SqliteStore({ dir });
    await reopened.init(EMBEDDER);
    await reopened.write(SCOPE, { upsertItems: [item("itm_2", "Ann sails on the lake")] });
    expectIndexOfRows(raw);
    expect(raw.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get()).toEqual({ value: String(SCHEMA_VERSION) });
    raw.close();
    await reopened.close();
  });

  it("are keyed by count and length once a version 7 store is opened: same postings, and deletes and updates keep them", async () => {
    const { dir, store, raw } = await openStore();
    const other = { userId: "ann", agentId: "coach" };
    await store.write(SCOPE, {
      upsertItems: [item("itm_1", "Ann rows on the lake"), item("itm_2", "Ann sails on the lake, the lake"), { ...item("itm_3", "Ann bakes rye bread"), context: "Ann: I bake rye bread on Sundays" }],
      upsertCategories: [category("cat_1", "hobbies", "rowing and sailing")],
      resource: resource("res_1", "Ann rows and sails"),
    });
    const bob = item("itm_4", "Ann rows at dawn");
    await store.write(other, { upsertItems: [{ ...bob, record: { ...bob.record, scope: other } }] });
    await store.close();
    // Version 7's postings were keyed by (term, scope, row), and its delete trigger found a row's postings by that key.
    const postingsOf = () => Object.fromEntries(Object.values(NODE_TABLES).map((table) => [table, raw.prepare(`SELECT term, sid, rid, tf, len FROM ${table}_postings ORDER BY term, sid, rid`).all()]));
    const before = postingsOf();
    const version7 = INDEX_SQL.replaceAll("PRIMARY KEY (term, sid, tf, len, rid)", "PRIMARY KEY (term, sid, rid)").replace(
      /WHERE \(term, sid, tf, len, rid\) IN \(SELECT key, (\(SELECT sid FROM scopes WHERE scope_key = old\.scope_key\)), value, old\.keyword_len, old\.rid FROM json_each\(old\.keywords\)\)/g,
      "WHERE term IN (SELECT key FROM json_each(old.keywords)) AND sid = $1 AND rid = old.rid",
    );
    expect(version7.match(/PRIMARY KEY \(term, sid, rid\)/g)).toHaveLength(3);
    expect(version7.match(/AND rid = old\.rid/g)).toHaveLength(6);
    for (const table of Object.values(NODE_TABLES)) raw.exec(`DROP TRIGGER ${table}_removed; DROP TRIGGER ${table}_rekeyed; DROP TABLE ${table}_postings;`);
    raw.exec(version7);
    for (const [table, rows] of Object.entries(before)) {
      const insert = raw.prepare(`INSERT INTO ${table}_postings (term, sid, rid, tf, len) VALUES (@term, @sid, @rid, @tf, @len)`);
      for (const row of rows as Record<string, unknown>[]) insert.run(row);
    }
    raw.exec("UPDATE meta SET value = '7' WHERE key = 'schema_version'");
    expect(raw.prepare("SELECT sql FROM sqlite_schema WHERE name = 'items_postings'").pluck().get()).toContain("PRIMARY KEY (term, sid, rid)");

    const reopened = new SqliteStore({ dir });
    await reopened.init(EMBEDDER);
    expect(raw.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get()).toEqual({ value: String(SCHEMA_VERSION) });
    for (const table of Object.values(NODE_TABLES)) expect(raw.prepare("SELECT sql FROM sqlite_schema WHERE name = ?").pluck().get(`${table}_postings`)).toContain("PRIMARY KEY (term, sid, tf, len, rid)");
    expect(raw.prepare("SELECT name FROM sqlite_schema WHERE name LIKE '%_v7'").all()).toEqual([]);
    expect(postingsOf()).toEqual(before);
    expect((await reopened.textSearch("item", readScope({ userId: "ann" }), "lake", 10)).map((hit) => hit.id)).toEqual(["itm_2", "itm_1"]);
    // The migrated triggers find a row's postings by the new key: a delete and a rekeying update leave none behind.
    await reopened.write(SCOPE, { deleteItemIds: ["itm_2"], upsertItems: [item("itm_1", "Ann rows a boat")] });
    await reopened.write(other, { deleteItemIds: ["itm_4"] });
    expectIndexOfRows(raw);
    expect(raw.prepare("SELECT count(*) AS n FROM items_postings WHERE term = 'lake'").get()).toEqual({ n: 0 });
    raw.close();
    await reopened.close();
  });
});
