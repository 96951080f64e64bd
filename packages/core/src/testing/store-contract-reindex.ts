import { describe, expect, it } from "vitest";
import type { Embedder, MemoryStore } from "../ports/index.js";
import { HashingEmbedder } from "../providers/offline/hashing-embedder.js";
import { reindexStore } from "../reindex/reindex-store.js";
import { createMemory } from "../service/memory-service.js";
import { expectVectorFrom } from "./stored-vector.js";

export interface ReindexContractOptions {
  /**
   * An empty database of its own (a reindex re-embeds every scope), and a way to open it: each call a new store
   * object on the same data, as separate runs of a program would.
   */
  readonly freshDatabase: () => Promise<() => MemoryStore>;
}

const scope = { userId: "reindex-user" };
const read = { conditions: [{ key: "userId", values: [scope.userId] }] };
const CHAT = [
  { role: "user", content: "I adopted a beagle called Biscuit last week.", created_at: "2024-03-10T09:00:00Z" },
  { role: "assistant", content: "Lovely! Beagles are great company.", created_at: "2024-03-10T09:00:10Z" },
  { role: "user", content: "I work as a nurse at the children's hospital in Leeds.", created_at: "2024-03-10T09:01:00Z" },
  { role: "user", content: "My favourite food is spicy ramen with extra garlic.", created_at: "2024-03-10T09:02:00Z" },
];

/** An embedder that fails on its `failOn`-th call, as a reindex killed half-way would stop. */
class FailingEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  calls = 0;
  constructor(private readonly inner: Embedder, private readonly failOn: number) {
    this.id = inner.id;
    this.dimensions = inner.dimensions;
  }
  async embed(texts: readonly string[]): Promise<number[][]> {
    if (++this.calls === this.failOn) throw new Error("killed mid-reindex");
    return this.inner.embed(texts);
  }
}

/** The one item whose vector is nearest the query's, by the store's own vector search. */
async function nearestItem(store: MemoryStore, embedder: Embedder, query: string): Promise<string | undefined> {
  return (await nearestItems(store, embedder, query, 1))[0];
}

/** The `k` items nearest the query: a memory's vector carries its passage, which its neighbours in the chat share. */
async function nearestItems(store: MemoryStore, embedder: Embedder, query: string, k: number): Promise<string[]> {
  const [vector] = await embedder.embed([query]);
  return (await store.vectorSearch("item", read, vector!, k)).map((hit) => hit.id);
}

/**
 * What a store does when its vectors are moved to another embedder (`reindexStore` over the VectorReindex port).
 * Built with the hashing embedder at 512 dimensions, moved to one at 96 (another identity and dimension).
 */
export function runReindexContract(name: string, options: ReindexContractOptions): void {
  const before = () => new HashingEmbedder();
  const after = () => new HashingEmbedder({ dimensions: 96 });

  async function seeded(): Promise<{ open: () => MemoryStore; beagle: string; records: number }> {
    const open = await options.freshDatabase();
    const memory = await createMemory({ store: open(), embedder: before() });
    const result = await memory.memorize({ content: CHAT, uri: "chat://reindex", scope });
    await memory.createItem({ scope, type: "profile", summary: "Plays the cello in an amateur orchestra", categories: ["hobbies"] });
    const items = (await memory.listItems({ scope, limit: 100 })).records.length;
    const categories = (await memory.listCategories({ scope })).length;
    await memory.close();
    const beagle = result.items.find((item) => item.summary.includes("beagle"))!.id;
    return { open, beagle, records: items + categories + 1 };
  }

  describe(`MemoryStore reindex contract: ${name}`, () => {
    it("moves every vector to the new embedder: it then opens with that one only, and searches by its vectors", async () => {
      const { open, beagle, records } = await seeded();
      const store = open();
      expect(await store.storedEmbedder()).toEqual({ id: before().id, dimensions: 512 });
      const result = await reindexStore(store, after(), { batchSize: 3 });
      expect(result).toEqual({ from: { id: before().id, dimensions: 512 }, to: { id: after().id, dimensions: 96 }, reembedded: records });
      expect(await nearestItems(store, after(), "beagle called Biscuit", 2)).toContain(beagle);
      await store.close();

      await expect(createMemory({ store: open(), embedder: before() })).rejects.toMatchObject({ code: "STORE_MISMATCH" });
      const memory = await createMemory({ store: open(), embedder: after(), fusionWeights: { vector: 1, text: 0 } });
      expect(await memory.store.storedEmbedder()).toEqual({ id: after().id, dimensions: 96 });
      // A memory's new vector is the one memorize computes with the new embedder: its summary and its source's window.
      const [resource] = (await memory.listResources({ scope })).records;
      await expectVectorFrom(memory, scope, await memory.getItem({ scope, id: beagle }), resource!);
      const found = await memory.retrieve({ query: "Which hospital does the user work at?", scope, topK: 3 });
      expect(found.items[0]?.summary).toContain("nurse at the children's hospital");
      expect(found.categories.length).toBeGreaterThan(0);
      expect(found.resources[0]?.uri).toBe("chat://reindex");
      // New writes carry the new embedder's vectors.
      const cat = await memory.createItem({ scope, type: "profile", summary: "Has a tabby cat named Miso", categories: ["pets"] });
      expect(await nearestItem(memory.store, after(), "tabby cat named Miso")).toBe(cat.id);
      await memory.close();
    });

    it("an interrupted reindex leaves the store usable with its old embedder, and running it again finishes it", async () => {
      const { open, beagle, records } = await seeded();
      const store = open();
      await expect(reindexStore(store, new FailingEmbedder(after(), 2), { batchSize: 2 })).rejects.toThrow("killed mid-reindex");
      expect(await store.storedEmbedder()).toEqual({ id: before().id, dimensions: 512, reindexTo: { id: after().id, dimensions: 96 } });
      await store.close();

      const old = await createMemory({ store: open(), embedder: before() });
      expect(await nearestItems(old.store, before(), "beagle called Biscuit", 2)).toContain(beagle);
      expect((await old.retrieve({ query: "beagle Biscuit", scope })).items[0]?.id).toBe(beagle);
      await old.close();
      await expect(createMemory({ store: open(), embedder: after() })).rejects.toMatchObject({ code: "STORE_MISMATCH", message: expect.stringContaining("under way") });

      const again = open();
      const result = await reindexStore(again, after(), { batchSize: 2 });
      // The first batch of the interrupted run is kept, not embedded again.
      expect(result.reembedded).toBe(records - 2);
      expect(await nearestItems(again, after(), "beagle called Biscuit", 2)).toContain(beagle);
      await again.close();
    });

    it("records written during a reindex get new vectors before the store switches, and rewritten ones are embedded again", async () => {
      const { open } = await seeded();
      const store = open();
      await store.init({ id: before().id, dimensions: 512 });
      await store.beginReindex({ id: after().id, dimensions: 96 });
      const pending = await store.reindexPending("item", null, 100);
      const vectors = await after().embed(pending.map((record) => (record.target === "item" ? record.summary : "")));
      await store.writeReindexVectors(pending.map((record, index) => ({ target: "item", id: record.id, embedding: vectors[index]! })));
      await expect(store.writeReindexVectors([{ target: "item", id: pending[0]!.id, embedding: [1, 2, 3] }])).rejects.toMatchObject({ code: "VALIDATION" });

      // Another program, still on the old embedder, writes meanwhile.
      const writer = await createMemory({ store: open(), embedder: before() });
      const added = await writer.createItem({ scope, type: "profile", summary: "Collects vintage fountain pens", categories: ["hobbies"] });
      const rewritten = await writer.updateItem({ scope, id: pending[0]!.id, summary: "Volunteers at the lighthouse museum" });
      await writer.close();
      expect(await store.finishReindex()).toBe(false);
      expect((await store.reindexPending("item", null, 100)).map((record) => record.id).sort()).toEqual([added.id, rewritten.id].sort());

      const result = await reindexStore(store, after());
      expect(result.reembedded).toBeGreaterThanOrEqual(2);
      expect(await nearestItem(store, after(), "vintage fountain pens")).toBe(added.id);
      expect(await nearestItem(store, after(), "lighthouse museum volunteer")).toBe(rewritten.id);
      await store.close();
    });

    it("forced, re-embeds every record with the embedder the store already has, as memorize computes vectors now", async () => {
      const { open, beagle, records } = await seeded();
      // A vector of another kind than memorize computes now, as a store written by an older memograph holds.
      const older = await createMemory({ store: open(), embedder: before() });
      const item = await older.getItem({ scope, id: beagle });
      const [stale] = await before().embed(["Quarterly tax forms and invoices"]);
      await older.store.write(scope, { upsertItems: [{ record: item, embedding: stale! }] });
      await older.close();

      const store = open();
      expect(await reindexStore(store, before(), { force: true, batchSize: 3 })).toEqual({ from: { id: before().id, dimensions: 512 }, to: { id: before().id, dimensions: 512 }, reembedded: records });
      const memory = await createMemory({ store, embedder: before() });
      const [resource] = (await memory.listResources({ scope })).records;
      await expectVectorFrom(memory, scope, await memory.getItem({ scope, id: beagle }), resource!);
      await memory.close();
    });

    it("reindexing to the embedder a store already has changes nothing", async () => {
      const { open, beagle } = await seeded();
      const store = open();
      expect(await reindexStore(store, before())).toEqual({ from: { id: before().id, dimensions: 512 }, to: { id: before().id, dimensions: 512 }, reembedded: 0 });
      expect(await nearestItems(store, before(), "beagle called Biscuit", 2)).toContain(beagle);
      await store.close();
    });
  });
}
