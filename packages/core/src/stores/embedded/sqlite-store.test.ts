import { mkdtemp, readFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { HashingEmbedder } from "../../providers/offline/hashing-embedder.js";
import { createMemory } from "../../service/memory-service.js";
import { runStoreContract } from "../../testing/store-contract.js";
import { SqliteStore } from "./sqlite-store.js";

runStoreContract("embedded SQLite (in memory)", { createStore: async () => new SqliteStore() });

describe("SqliteStore on disk", () => {
  it("refuses to open a store built by another embedder", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "memograph-"));
    const first = await createMemory({ dir, embedder: new HashingEmbedder({ dimensions: 64 }) });
    await first.createItem({ scope: { userId: "u" }, type: "knowledge", summary: "kept safe" });
    await first.close();
    await expect(createMemory({ dir, embedder: new HashingEmbedder({ dimensions: 128 }) })).rejects.toMatchObject({
      code: "STORE_MISMATCH",
      message: expect.stringContaining("memograph-hashing-v1-64 (64 dimensions)"),
    });
    const reopened = await createMemory({ dir, embedder: new HashingEmbedder({ dimensions: 64 }) });
    expect((await reopened.listItems({ scope: { userId: "u" } })).records.map((item) => item.summary)).toEqual(["kept safe"]);
    await reopened.close();
  });

  it("mirrors each category of each scope as a markdown file citing item ids", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "memograph-"));
    const memory = await createMemory({ dir });
    const item = await memory.createItem({ scope: { userId: "ann" }, type: "profile", summary: "Loves hiking in the Alps", categories: ["preferences"] });
    const folders = await readdir(path.join(dir, "categories"));
    expect(folders).toHaveLength(1);
    expect(folders[0]).toMatch(/^userId-ann\.[0-9a-f]{8}$/);
    const markdown = await readFile(path.join(dir, "categories", folders[0]!, "preferences.md"), "utf8");
    expect(markdown).toContain(`- Loves hiking in the Alps [${item.id}]`);
    await memory.forget({ scope: { userId: "ann" } });
    expect(await readdir(path.join(dir, "categories"))).toEqual([]);
    await memory.close();
  });
});
