import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { AccessBatchEntry } from "../ports/index.js";
import { createMemory } from "../service/memory-service.js";
import { SqliteStore } from "../stores/embedded/sqlite-store.js";

/** A store whose access writes are counted, and can be made to fail. */
class CountingStore extends SqliteStore {
  readonly batches: (readonly AccessBatchEntry[])[] = [];
  failing = false;

  override async recordAccesses(accesses: readonly AccessBatchEntry[]): Promise<void> {
    this.batches.push(accesses);
    if (this.failing) throw new Error("store unavailable");
    return super.recordAccesses(accesses);
  }
}

const scope = { userId: "ann" };
const read = { conditions: [{ key: "userId", values: ["ann"] }] };
const seed = async (memory: Awaited<ReturnType<typeof createMemory>>) => {
  for (const summary of ["Ann keeps bees on her allotment.", "Ann's bees swarmed in May.", "Ann sells honey at the market."]) {
    await memory.createItem({ scope, type: "knowledge", summary });
  }
};

describe("access recording", () => {
  it("writes many retrieves' accesses in one store write per flush, and retrieve never waits for it", async () => {
    const store = new CountingStore();
    const memory = await createMemory({ store, accessRecording: { flushIntervalMs: 3_600_000, maxPending: 1000 } });
    await seed(memory);
    const ids = (await memory.listItems({ scope })).records.map((item) => item.id);
    for (let index = 0; index < 20; index += 1) await memory.retrieve({ query: "bees honey allotment", scope });
    expect(store.batches).toEqual([]);
    await memory.flushAccesses();
    expect(store.batches).toHaveLength(1);
    expect(store.batches[0]!.map((entry) => entry.count)).toEqual([20, 20, 20]);
    expect((await store.itemAccesses(read, ids)).map((access) => access.count)).toEqual([20, 20, 20]);
    await memory.flushAccesses();
    expect(store.batches).toHaveLength(1);
    await memory.close();
  });

  it("flushes when enough items are waiting, and on a timer", async () => {
    const bySize = new CountingStore();
    const sized = await createMemory({ store: bySize, accessRecording: { flushIntervalMs: 3_600_000, maxPending: 2 } });
    await seed(sized);
    await sized.retrieve({ query: "bees honey allotment", scope });
    await expect.poll(() => bySize.batches.length).toBe(1);
    await sized.close();

    const byTime = new CountingStore();
    const timed = await createMemory({ store: byTime, accessRecording: { flushIntervalMs: 20, maxPending: 1000 } });
    await seed(timed);
    await timed.retrieve({ query: "bees", scope, topK: 1 });
    await expect.poll(() => byTime.batches.length).toBe(1);
    await timed.close();
  });

  it("keeps the accesses of a failed flush for the next one, and close writes what is left", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "memograph-access-"));
    const store = new CountingStore({ dir });
    const memory = await createMemory({ store, accessRecording: { flushIntervalMs: 3_600_000, maxPending: 1000 } });
    await seed(memory);
    const [hit] = (await memory.retrieve({ query: "honey market", scope, topK: 1 })).items;
    store.failing = true;
    await expect(memory.flushAccesses()).rejects.toThrow("store unavailable");
    store.failing = false;
    await memory.retrieve({ query: "honey market", scope, topK: 1 });
    await memory.close();
    expect(store.batches.at(-1)).toEqual([expect.objectContaining({ itemId: hit!.id, count: 2 })]);

    const reopened = new SqliteStore({ dir });
    const again = await createMemory({ store: reopened, accessRecording: false });
    expect(await reopened.itemAccesses(read, [hit!.id])).toEqual([expect.objectContaining({ itemId: hit!.id, count: 2 })]);
    await again.retrieve({ query: "honey market", scope, topK: 1 });
    await again.close();
    const last = new SqliteStore({ dir });
    await createMemory({ store: last });
    expect((await last.itemAccesses(read, [hit!.id]))[0]?.count).toBe(2);
    await last.close();
  });

  it("refuses bad recording settings with a typed error", async () => {
    await expect(createMemory({ accessRecording: { maxPending: 0 } })).rejects.toMatchObject({ code: "VALIDATION", field: "accessRecording.maxPending" });
  });
});
