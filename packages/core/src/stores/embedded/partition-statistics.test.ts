import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import type { MemoryService } from "../../service/memory-service.js";
import { createMemory } from "../../service/memory-service.js";
import { readScope } from "../../engine/engine.js";
import { SCHEMA_VERSION } from "./schema.js";

const ANN = { userId: "ann" };
const BOB = { userId: "bob" };

const ANN_NOTES = ["Ann grows tomatoes on her balcony", "Ann cycles to the harbour office", "Ann's tomatoes need water daily", "Ann reads about harbour history"];

async function scores(memory: MemoryService, scope: { userId: string }, query: string) {
  return memory.store.textSearch("item", readScope(scope), query, 10);
}

describe("embedded keyword statistics per partition", () => {
  it("scores a tenant's items the same whatever another tenant stores, and forgets the other's statistics with it", async () => {
    const memory = await createMemory({ dir: await mkdtemp(path.join(tmpdir(), "memograph-parts-")) });
    for (const summary of ANN_NOTES) await memory.createItem({ scope: ANN, type: "knowledge", summary });
    const before = await scores(memory, ANN, "tomatoes harbour");
    expect(before).toHaveLength(ANN_NOTES.length);
    // Bob's words, many and overlapping Ann's: with table-wide statistics they would lower the idf of "tomatoes"
    // and raise that of "harbour" for Ann, and change her average length.
    for (let index = 0; index < 40; index += 1) {
      await memory.createItem({ scope: BOB, type: "knowledge", summary: `Bob sells tomatoes number ${index} at the weekly market with his long-winded cousin` });
    }
    expect(await scores(memory, ANN, "tomatoes harbour")).toEqual(before);
    expect((await scores(memory, BOB, "tomatoes"))).toHaveLength(10);
    await memory.forget({ scope: BOB });
    expect(await scores(memory, ANN, "tomatoes harbour")).toEqual(before);
    await memory.close();
  });

  it("migrates a version 4 store (table-wide statistics) to per-partition ones, counted from its rows", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "memograph-v4-"));
    const memory = await createMemory({ dir });
    for (const summary of ANN_NOTES) await memory.createItem({ scope: ANN, type: "knowledge", summary });
    for (let index = 0; index < 10; index += 1) await memory.createItem({ scope: BOB, type: "knowledge", summary: `Bob sells tomatoes number ${index}` });
    const expected = await scores(memory, ANN, "tomatoes harbour");
    await memory.close();

    // What version 5 held: statistics per table, kept by triggers without partitions.
    const raw = new Database(path.join(dir, "memograph.db"));
    for (const table of ["items", "categories", "resources"]) for (const event of ["added", "removed", "rekeyed"]) raw.exec(`DROP TRIGGER ${table}_${event}`);
    raw.exec(`DROP TABLE keyword_terms; DROP TABLE keyword_totals;
      CREATE TABLE keyword_terms (tbl TEXT NOT NULL, term TEXT NOT NULL, docs INTEGER NOT NULL, PRIMARY KEY (tbl, term)) WITHOUT ROWID;
      CREATE TABLE keyword_totals (tbl TEXT PRIMARY KEY, docs INTEGER NOT NULL, tokens NUMERIC NOT NULL);
      INSERT INTO keyword_terms SELECT 'items', term, count(*) FROM items_postings GROUP BY term;
      INSERT INTO keyword_totals SELECT 'items', count(*), sum(keyword_len) FROM items;
      UPDATE meta SET value = '5' WHERE key = 'schema_version';`);
    raw.close();

    const migrated = await createMemory({ dir });
    expect(await scores(migrated, ANN, "tomatoes harbour")).toEqual(expected);
    // The triggers keep the new statistics: Bob's next item changes nothing for Ann.
    await migrated.createItem({ scope: BOB, type: "knowledge", summary: "Bob's harbour tomatoes" });
    expect(await scores(migrated, ANN, "tomatoes harbour")).toEqual(expected);
    await migrated.close();
    const after = new Database(path.join(dir, "memograph.db"), { readonly: true });
    expect(after.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get()).toEqual({ value: String(SCHEMA_VERSION) });
    expect(after.prepare("SELECT part, docs FROM keyword_totals WHERE tbl = 'items' ORDER BY part").all()).toEqual([{ part: "ann", docs: 4 }, { part: "bob", docs: 11 }]);
    expect(after.prepare("SELECT part, docs FROM keyword_terms WHERE tbl = 'items' AND term = 'tomato' ORDER BY part").all()).toEqual([{ part: "ann", docs: 2 }, { part: "bob", docs: 11 }]);
    after.close();
  });
});
