import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createMemory } from "../../service/memory-service.js";
import { SqliteStore } from "./sqlite-store.js";

const tenantFirst = z.object({ tenantId: z.string().min(1), userId: z.string().min(1).optional() }).strict();

describe("embedded store partition key", () => {
  it("partitions a store the caller built by the scope schema's first required key, given through init", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "memograph-part-"));
    const memory = await createMemory({ scopeSchema: tenantFirst, store: new SqliteStore({ dir }) });
    await memory.createItem({ scope: { tenantId: "acme", userId: "ann" }, type: "knowledge", summary: "Ann audits the ledgers" });
    await memory.close();
    const raw = new Database(path.join(dir, "memograph.db"), { readonly: true });
    expect(raw.prepare("SELECT value FROM meta WHERE key = 'partition_key'").get()).toEqual({ value: "tenantId" });
    expect(raw.prepare("SELECT part FROM items").all()).toEqual([{ part: "acme" }]);
    raw.close();
    // Opened again with the default schema, the store refuses rather than read it by the wrong key.
    await expect(createMemory({ dir })).rejects.toMatchObject({ code: "STORE_MISMATCH", message: expect.stringContaining('partitionKey: "tenantId"') });
    // A key chosen for the store wins over the schema's.
    const chosen = await createMemory({ store: new SqliteStore({ dir, partitionKey: "tenantId" }) });
    await chosen.close();
  });
});
