import { randomUUID } from "node:crypto";
import neo4j from "neo4j-driver";
import { accessStoreContract, taskStoreContract } from "@memograph/core/testing";
import type { TaskRecord, TaskStore } from "@memograph/core";
import { afterAll, describe, expect, it } from "vitest";
import { TASKS } from "../queries/server-state-queries.js";
import { untilBlocked } from "../test-support/lock-waits.js";
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

  // A claim, renewal or release waiting for a task's lock while its owner's completion commits: the waiting statement
  // must see the finished task and leave it be (it wrote back the status it had read before waiting: the task stayed
  // "running" with no lease, which no claim ever takes again).
  it.each([
    ["claim", (tasks: TaskStore) => tasks.claim("second", 60_000), null],
    ["renew", (tasks: TaskStore, id: string) => tasks.renew(id, "first", 60_000), false],
    ["release", (tasks: TaskStore, id: string) => tasks.release(id, "first"), false],
  ] as const)("a %s that waits on a completion leaves the task succeeded", async (_, operation, answer) => {
    const namespace = `test-${randomUUID()}`;
    const state = await openNeo4jServerState({ namespace });
    const taskId = (await state.tasks.enqueue({ kind: "memorize", scope: { userId: "ann" }, input: {} })).task.id;
    // Claimed ten seconds ago on a one-second lease: running, and claimable again.
    await state.tasks.claim("first", 1000, new Date(Date.now() - 10_000));
    const session = driver.session();
    const completion = await session.beginTransaction();
    const set = { status: "succeeded", result: null, leaseOwner: null, leaseExpiresAt: null };
    await completion.run(TASKS.update, { id: taskId, owner: "first", set, now: new Date().toISOString(), namespace });
    const waiting = operation(state.tasks, taskId);
    // The operation's transaction is blocked on the completion's lock before the completion commits.
    await untilBlocked(driver, "namespace", namespace);
    await completion.commit();
    await session.close();
    expect(await waiting).toBe(answer);
    expect(await state.tasks.get(taskId, null)).toMatchObject({ status: "succeeded", attempts: 1, leaseOwner: null, leaseExpiresAt: null });
    await state.close();
  });

  it("opens an existing task queue only for a namespace with tasks, creating nothing in one without", async () => {
    const namespace = `test-${randomUUID()}`;
    expect(await Neo4jTaskStore.openExisting({ namespace })).toBeNull();
    const nodes = await driver.executeQuery("MATCH (n:Task|TaskQueue {namespace: $namespace}) RETURN count(n) AS n", { namespace });
    expect(neo4j.integer.toNumber(nodes.records[0]!.get("n") as number)).toBe(0);

    const state = await openNeo4jServerState({ namespace });
    const { task } = await state.tasks.enqueue({ kind: "memorize", scope: { userId: "ann" }, input: {} });
    const tasks = (await Neo4jTaskStore.openExisting({ namespace }))!;
    expect(await tasks.forget({ conditions: [{ key: "userId", values: ["ann"] }] })).toBe(1);
    expect(await state.tasks.get(task.id, null)).toBeNull();
    await Promise.all([tasks.close(), state.close()]);
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
