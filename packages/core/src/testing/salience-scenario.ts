import { randomUUID } from "node:crypto";
import type { Item, Scope } from "../model/index.js";
import type { MemoryOptions } from "../service/configure.js";
import { createMemory, type MemoryService } from "../service/memory-service.js";

export interface SalienceScenario {
  readonly memory: MemoryService;
  readonly scope: Scope;
  /** The most relevant memory for `query`, a year old: first by relevance, last by salience with a 30-day half-life. */
  readonly stale: Item;
  /** Less relevant for `query`, a day old: first by salience. */
  readonly fresh: Item;
  readonly query: string;
  /** How many accesses the store holds for an item (buffered ones flushed first). */
  accessCount(itemId: string): Promise<number>;
}

/**
 * A memory where the ranking decides the order, for adapters to prove that their `ranking` option reaches retrieve:
 * `query` returns `stale` first by relevance and `fresh` first by salience (`halfLifeDays` 30, the default).
 * Accesses are recorded, buffered until `accessCount` flushes them.
 */
export async function salienceScenario(options: MemoryOptions = {}): Promise<SalienceScenario> {
  let clock = new Date("2024-01-01T00:00:00.000Z");
  const memory = await createMemory({ ...options, accessRecording: { flushIntervalMs: 3_600_000, maxPending: 10_000 }, now: () => clock });
  const scope = { userId: `u-${randomUUID()}` };
  const stale = await memory.createItem({ scope, type: "profile", summary: "Ann drinks green tea every morning." });
  clock = new Date("2025-01-01T00:00:00.000Z");
  const fresh = await memory.createItem({ scope, type: "profile", summary: "Ann drinks black tea every morning." });
  await memory.createItem({ scope, type: "profile", summary: "Ann cycles to work." });
  clock = new Date("2025-01-02T00:00:00.000Z");
  return {
    memory,
    scope,
    stale,
    fresh,
    query: "green tea morning",
    async accessCount(itemId) {
      await memory.flushAccesses();
      const [access] = await memory.store.itemAccesses({ conditions: [{ key: "userId", values: [scope.userId] }] }, [itemId]);
      return access?.count ?? 0;
    },
  };
}
