import { randomUUID } from "node:crypto";
import neo4j from "neo4j-driver";
import { accessStoreContract, taskStoreContract } from "@memograph/core/testing";
import type { TaskRecord } from "@memograph/core";
import { afterAll, describe, expect, it } from "vitest";
import { Neo4jAccessStore } from "./neo4j-access-store.js";
import { Neo4jTaskStore } from "./neo4j-task-store.js";
import { openNeo4jServerState } from "./server-state.js";

// Runs against the server in NEO4J_URI; `pnpm test` starts one (scripts/with-neo4j.mjs). No URI is a failure, not a skip.
if (!process.env.NEO4J_URI) throw new Error("NEO4J_URI is not set: run the tests through `pnpm test`, or start Neo4j with `pnpm neo4j:start`");

// Each store gets its own namespace, so tests sharing the database never see each other's keys or tasks.
const namespaces = new WeakMap<object, string>();
const inNamespace = <T extends object>(namespace: string, store: T): T => {
  namespaces.set(store, namespace);
  return store;
};
const driver = neo4j.driver(process.env.NEO4J_URI, neo4j.auth.basic(process.env.NEO4J_USER ?? "neo4j", process.env.NEO4J_PASSWORD ?? ""));
afterAll(() => driver.close());

accessStoreContract("Neo4j", {
  createStore: async () => {
    const namespace = `test-${randomUUID()}`;
    return inNamespace(namespace, new Neo4jAccessStore({ namespace }));
  },
  storedText: async (store) => {
    const result = await driver.executeQuery("MATCH (k:ApiKey {namespace: $namespace}) RETURN properties(k) AS key", { namespace: namespaces.get(store)! });
    return JSON.stringify(result.records.map((record) => record.get("key") as unknown));
  },
});

taskStoreContract("Neo4j", {
  createStore: async () => {
    const namespace = `test-${randomUUID()}`;
    return inNamespace(namespace, new Neo4jTaskStore({ namespace }));
  },
  // Its own driver: a second process.
  connectAgain: async (store) => new Neo4jTaskStore({ namespace: namespaces.get(store)! }),
});

describe("Neo4j server state", () => {
  it("two drivers claiming and finishing at once run every task exactly once", async () => {
    const namespace = `test-${randomUUID()}`;
    const [first, second] = [await openNeo4jServerState({ namespace }), await openNeo4jServerState({ namespace })];
    const total = 60;
    for (let index = 0; index < total; index++) await first.tasks.enqueue({ kind: "memorize", scope: { userId: `u${index % 3}` }, input: { index } });
    const runs: TaskRecord[] = [];
    // Eight workers per driver, each claiming and completing until the queue is empty.
    const worker = async (state: typeof first, name: string) => {
      for (let task = await state.tasks.claim(name, 60_000); task !== null; task = await state.tasks.claim(name, 60_000)) {
        runs.push(task);
        expect(await state.tasks.complete(task.id, name, { ranBy: name })).toBe(true);
      }
    };
    await Promise.all([first, second].flatMap((state, driverIndex) => Array.from({ length: 8 }, (_, index) => worker(state, `driver${driverIndex}-worker${index}`))));
    expect(runs).toHaveLength(total);
    expect(new Set(runs.map((task) => task.id)).size).toBe(total);
    expect(new Set(runs.map((task) => (task.input as { index: number }).index)).size).toBe(total);
    expect(runs.every((task) => task.attempts === 1)).toBe(true);
    expect(await second.tasks.counts(null)).toEqual({ pending: 0, running: 0, succeeded: total, failed: 0 });
    // Both drivers did some of the work.
    expect(new Set(runs.map((task) => task.leaseOwner!.slice(0, 7))).size).toBe(2);
    await Promise.all([first.close(), second.close()]);
  });

  it("keeps namespaces apart: another deployment sees neither the keys nor the tasks", async () => {
    const [mine, theirs] = [await openNeo4jServerState({ namespace: `test-${randomUUID()}` }), await openNeo4jServerState({ namespace: `test-${randomUUID()}` })];
    const { key } = await mine.access.createKey({ role: "admin" });
    const { task } = await mine.tasks.enqueue({ kind: "memorize", scope: { userId: "ann" }, input: {}, idempotencyKey: "k1" });
    expect(await theirs.access.authenticate(key)).toBeNull();
    expect(await theirs.access.listKeys()).toEqual([]);
    expect(await theirs.tasks.get(task.id, null)).toBeNull();
    expect(await theirs.tasks.claim("runner", 60_000)).toBeNull();
    const other = await theirs.tasks.enqueue({ kind: "memorize", scope: { userId: "ann" }, input: {}, idempotencyKey: "k1" });
    expect(other.created).toBe(true);
    expect((await mine.tasks.claim("runner", 60_000))?.id).toBe(task.id);
    await Promise.all([mine.close(), theirs.close()]);
  });
});
