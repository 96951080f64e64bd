import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { createMemory } from "../../service/memory-service.js";
import { SCHEMA_VERSION } from "./schema.js";

describe("embedded store schema migration 3 → 4", () => {
  it("links superseded items to their successors from metadata.supersededBy, within their scope only", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "memograph-v3-"));
    const ann = { userId: "ann" };
    const bob = { userId: "bob" };
    const memory = await createMemory({ dir });
    const older = await memory.createItem({ scope: ann, type: "profile", summary: "Ann lives in Hamburg." });
    const newer = await memory.createItem({ scope: ann, type: "profile", summary: "Ann lives in Berlin." });
    const foreign = await memory.createItem({ scope: bob, type: "profile", summary: "Bob lives in York." });
    await memory.close();

    // What version 3 held: no link table, the successor named only in the superseded item's metadata.
    const raw = new Database(path.join(dir, "memograph.db"));
    raw.exec("DROP TABLE item_supersessions; UPDATE meta SET value = '3' WHERE key = 'schema_version'");
    const supersede = raw.prepare("UPDATE items SET status = 'superseded', metadata = ? WHERE id = ?");
    supersede.run(JSON.stringify({ supersededBy: newer.id }), older.id);
    // A metadata link into another scope is not followed.
    supersede.run(JSON.stringify({ supersededBy: newer.id }), foreign.id);
    raw.close();

    const migrated = await createMemory({ dir });
    expect((await migrated.history({ scope: ann, id: newer.id })).versions.map((version) => version.item.id)).toEqual([older.id, newer.id]);
    expect((await migrated.history({ scope: bob, id: foreign.id })).versions.map((version) => version.item.id)).toEqual([foreign.id]);
    expect((await migrated.listItems({ scope: ann })).records.map((item) => item.id)).toEqual([newer.id]);
    await migrated.close();
    const after = new Database(path.join(dir, "memograph.db"), { readonly: true });
    expect(after.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get()).toEqual({ value: String(SCHEMA_VERSION) });
    expect(after.prepare("SELECT item_id, by_item_id FROM item_supersessions").all()).toEqual([{ item_id: older.id, by_item_id: newer.id }]);
    after.close();
  });
});
