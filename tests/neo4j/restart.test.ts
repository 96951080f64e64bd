import { randomUUID } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import neo4j from "neo4j-driver";
import { MemographError, createMemory, type MemoryService } from "@memograph/core";
import { Neo4jStore } from "@memograph/neo4j";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, launch, terminate } from "../../scripts/neo4j.mjs";

const doc = (index: number) => `Entry ${index}: I planted ${index} tulip bulbs in bed ${index % 7}. I watered the greenhouse at ${index} o'clock.`;

describe("Neo4j store when the server dies during a load of writes", () => {
  let pid: number | undefined;
  afterAll(async () => {
    if (pid !== undefined) await terminate(pid, { hard: true });
  });

  it("keeps every acknowledged write, and a failed write reports a typed error and leaves nothing partial", async () => {
    const home = await mkdtemp(path.join(tmpdir(), "memograph-neo4j-restart-"));
    const port = await freePort();
    const logFile = path.join(home, "server.log");
    pid = await launch({ port, home: path.join(home, "data"), logFile });
    // A short retry budget, so that writes during the outage fail instead of waiting it out.
    const driver = neo4j.driver(`bolt://127.0.0.1:${port}`, neo4j.auth.basic("neo4j", "x"), { disableLosslessIntegers: true, maxTransactionRetryTime: 1000, connectionAcquisitionTimeout: 2000 });
    const memory: MemoryService = await createMemory({ store: new Neo4jStore({ driver }) });
    const scope = { userId: `restart-${randomUUID()}` };

    const acked = new Map<number, string>();
    const failed = new Map<number, unknown>();
    let next = 0;
    const total = 120;
    const worker = async () => {
      while (next < total) {
        const index = next++;
        try {
          acked.set(index, (await memory.memorize({ content: doc(index), modality: "document", scope })).resource.id);
        } catch (error) {
          failed.set(index, error);
        }
      }
    };
    const load = Promise.all([worker(), worker(), worker()]);
    // Kill the server hard once some writes are in, start it again on the same data while the load goes on.
    while (acked.size < 15) await new Promise((resolve) => setTimeout(resolve, 20));
    await terminate(pid, { hard: true });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    pid = await launch({ port, home: path.join(home, "data"), logFile });
    await load;

    expect(failed.size).toBeGreaterThan(0);
    for (const error of failed.values()) {
      expect(MemographError.isInstance(error)).toBe(true);
      expect((error as MemographError).code).toBe("STORE_FAILURE");
    }
    const read = { conditions: [{ key: "userId", values: [scope.userId] }] };
    for (const [index, resourceId] of acked) {
      const resource = await memory.getResource({ scope, id: resourceId });
      expect(resource.text).toBe(doc(index));
      expect(await memory.store.itemsFromResource(read, resourceId)).toHaveLength(2);
    }
    // A write that failed either never happened or happened whole (the commit may succeed while its reply is lost).
    const stored = (await memory.listResources({ scope, limit: 500 })).records;
    for (const resource of stored) expect(await memory.store.itemsFromResource(read, resource.id)).toHaveLength(2);
    expect(stored.length).toBeGreaterThanOrEqual(acked.size);
    expect(stored.length).toBeLessThanOrEqual(total);
    expect((await memory.listItems({ scope, limit: 500 })).records).toHaveLength(stored.length * 2);
    // Memorizing the failed ones again now succeeds, and the store ends complete.
    for (const index of failed.keys()) await memory.memorize({ content: doc(index), modality: "document", scope });
    expect((await memory.listResources({ scope, limit: 500 })).records).toHaveLength(total);
    await memory.close();
    await driver.close();
  }, 300_000);
});
