import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { ReadScope, TaskRecord, TaskStore } from "../ports/index.js";

export interface TaskStoreContractOptions {
  /** A fresh, empty queue (not yet initialised); each test gets its own and closes it. */
  readonly createStore: () => Promise<TaskStore>;
  /** Another connection to the same queue as `store`, as a second process would open it. */
  readonly connectAgain: (store: TaskStore) => Promise<TaskStore>;
}

const SECOND = 1000;
const readOf = (userId: string, agentId?: string): ReadScope => ({
  conditions: [{ key: "userId", values: [userId] }, ...(agentId === undefined ? [] : [{ key: "agentId", values: [agentId] }])],
});

/** The behaviour every TaskStore must show; a store package calls this from its own test file. */
export function taskStoreContract(name: string, options: TaskStoreContractOptions): void {
  describe(`TaskStore contract: ${name}`, () => {
    const open: TaskStore[] = [];
    const fresh = async () => {
      const store = await options.createStore();
      open.push(store);
      await store.init();
      return store;
    };
    const again = async (store: TaskStore) => {
      const other = await options.connectAgain(store);
      open.push(other);
      await other.init();
      return other;
    };
    afterEach(async () => {
      await Promise.all(open.splice(0).map((store) => store.close()));
    });
    const user = () => `u-${randomUUID()}`;
    let clock = Date.parse("2026-01-01T00:00:00Z");
    /** Distinct, increasing times, so creation order is unambiguous. */
    const tick = () => new Date((clock += SECOND));
    const enqueue = (store: TaskStore, userId: string, extra: { idempotencyKey?: string; agentId?: string; input?: unknown } = {}) =>
      store.enqueue({
        kind: "memorize",
        scope: extra.agentId === undefined ? { userId } : { userId, agentId: extra.agentId },
        input: extra.input ?? { content: `note ${randomUUID()}` },
        ...(extra.idempotencyKey === undefined ? {} : { idempotencyKey: extra.idempotencyKey }),
        now: tick(),
      });

    it("enqueues a pending task and reads it back as stored", async () => {
      const store = await fresh();
      const userId = user();
      const input = { content: [{ role: "user", content: "I moved to Oslo" }], modality: "conversation", metadata: { n: 1, ok: true, none: null } };
      const { task, created } = await enqueue(store, userId, { input, agentId: "agent-7" });
      expect(created).toBe(true);
      expect(task).toMatchObject({ kind: "memorize", status: "pending", scope: { userId, agentId: "agent-7" }, input, idempotencyKey: null, attempts: 0, leaseOwner: null, leaseExpiresAt: null, result: null, error: null });
      expect(task.id).toMatch(/^tsk_/);
      expect(task.updatedAt).toBe(task.createdAt);
      expect(await store.get(task.id, readOf(userId))).toEqual(task);
      expect(await store.get(task.id, null)).toEqual(task);
      expect(await store.get("tsk_missing", null)).toBeNull();
    });

    it("returns the first task for a repeated idempotency key of the same user, and only of that user", async () => {
      const store = await fresh();
      const [ann, bob] = [user(), user()];
      const first = await enqueue(store, ann, { idempotencyKey: "req-1" });
      const repeat = await enqueue(store, ann, { idempotencyKey: "req-1", input: { content: "different" } });
      expect(repeat).toEqual({ task: first.task, created: false });
      const other = await enqueue(store, bob, { idempotencyKey: "req-1" });
      expect(other.created).toBe(true);
      expect(other.task.id).not.toBe(first.task.id);
      const unkeyed = [await enqueue(store, ann), await enqueue(store, ann)];
      expect(unkeyed.every((result) => result.created)).toBe(true);
      expect((await store.counts(readOf(ann))).pending).toBe(3);
    });

    it("creates one task when the same idempotency key arrives at once over two connections", async () => {
      const store = await fresh();
      const other = await again(store);
      const userId = user();
      const results = await Promise.all(Array.from({ length: 20 }, (_, index) => enqueue(index % 2 === 0 ? store : other, userId, { idempotencyKey: "burst" })));
      expect(new Set(results.map((result) => result.task.id)).size).toBe(1);
      expect(results.filter((result) => result.created)).toHaveLength(1);
      expect((await store.list(readOf(userId), { limit: 100 })).records).toHaveLength(1);
    });

    it("shows a reader only the tasks of its scope", async () => {
      const store = await fresh();
      const [ann, bob] = [user(), user()];
      const annTask = (await enqueue(store, ann, { agentId: "a1" })).task;
      const annOther = (await enqueue(store, ann, { agentId: "a2" })).task;
      const bobTask = (await enqueue(store, bob)).task;
      expect(await store.get(bobTask.id, readOf(ann))).toBeNull();
      expect(await store.get(annTask.id, readOf(bob))).toBeNull();
      expect(await store.get(annTask.id, readOf(ann, "a2"))).toBeNull();
      expect((await store.list(readOf(ann), { limit: 10 })).records.map((task) => task.id)).toEqual([annOther.id, annTask.id]);
      expect((await store.list(readOf(ann, "a1"), { limit: 10 })).records.map((task) => task.id)).toEqual([annTask.id]);
      expect((await store.list(readOf(bob), { limit: 10 })).records.map((task) => task.id)).toEqual([bobTask.id]);
      expect((await store.list({ conditions: [{ key: "userId", values: [ann, bob] }] }, { limit: 10 })).records).toHaveLength(3);
      expect(await store.counts(readOf(bob))).toEqual({ pending: 1, running: 0, succeeded: 0, failed: 0 });
      expect((await store.counts(null)).pending).toBe(3);
      expect((await store.list(null, { limit: 10 })).records).toHaveLength(3);
    });

    it("pages newest first with a cursor and filters by status", async () => {
      const store = await fresh();
      const userId = user();
      const ids: string[] = [];
      for (let index = 0; index < 5; index++) ids.push((await enqueue(store, userId)).task.id);
      const first = await store.list(readOf(userId), { limit: 2 });
      expect(first.records.map((task) => task.id)).toEqual([ids[4], ids[3]]);
      const second = await store.list(readOf(userId), { limit: 2, cursor: first.nextCursor! });
      expect(second.records.map((task) => task.id)).toEqual([ids[2], ids[1]]);
      const third = await store.list(readOf(userId), { limit: 2, cursor: second.nextCursor! });
      expect(third).toEqual({ records: [expect.objectContaining({ id: ids[0] })], nextCursor: null });
      const claimed = await store.claim("runner-a", 60 * SECOND, tick());
      expect(claimed?.id).toBe(ids[0]);
      expect((await store.list(readOf(userId), { limit: 10, status: "running" })).records.map((task) => task.id)).toEqual([ids[0]]);
      expect((await store.list(readOf(userId), { limit: 10, status: "pending" })).records).toHaveLength(4);
      await expect(store.list(readOf(userId), { limit: 2, cursor: "nonsense" })).rejects.toMatchObject({ code: "VALIDATION", field: "cursor" });
      await expect(store.list(readOf(userId), { limit: 0 })).rejects.toMatchObject({ code: "VALIDATION", field: "limit" });
      await expect(store.list(readOf(userId), { limit: 5, status: "done" as never })).rejects.toMatchObject({ code: "VALIDATION", field: "status" });
    });

    it("claims the oldest pending task with a lease, and nothing when none is left", async () => {
      const store = await fresh();
      const userId = user();
      const older = (await enqueue(store, userId)).task;
      const newer = (await enqueue(store, userId)).task;
      const now = tick();
      const claimed = await store.claim("runner-a", 30 * SECOND, now);
      expect(claimed).toMatchObject({ id: older.id, status: "running", attempts: 1, leaseOwner: "runner-a", leaseExpiresAt: new Date(now.getTime() + 30 * SECOND).toISOString(), updatedAt: now.toISOString() });
      expect((await store.claim("runner-b", 30 * SECOND, now))?.id).toBe(newer.id);
      expect(await store.claim("runner-c", 30 * SECOND, now)).toBeNull();
      expect(await store.counts(readOf(userId))).toEqual({ pending: 0, running: 2, succeeded: 0, failed: 0 });
      await expect(store.claim("", 30 * SECOND, now)).rejects.toMatchObject({ code: "VALIDATION", field: "owner" });
      await expect(store.claim("runner-d", 0, now)).rejects.toMatchObject({ code: "VALIDATION", field: "leaseMs" });
    });

    it("never gives one task to two claimers, over two connections at once", async () => {
      const store = await fresh();
      const other = await again(store);
      const userId = user();
      const tasks = 30;
      for (let index = 0; index < tasks; index++) await enqueue(store, userId);
      const now = tick();
      const claims = await Promise.all(Array.from({ length: tasks + 10 }, (_, index) => (index % 2 === 0 ? store : other).claim(`runner-${index}`, 60 * SECOND, now)));
      const taken = claims.filter((task): task is TaskRecord => task !== null);
      expect(taken).toHaveLength(tasks);
      expect(new Set(taken.map((task) => task.id)).size).toBe(tasks);
      const running = (await store.list(readOf(userId), { limit: 100 })).records;
      // Each task is held by exactly the claimer that received it.
      for (const task of taken) expect(running.find((stored) => stored.id === task.id)?.leaseOwner).toBe(task.leaseOwner);
    });

    it("gives a task whose lease expired to a new claimer with one more attempt; the old owner can no longer finish it", async () => {
      const store = await fresh();
      const userId = user();
      const { task } = await enqueue(store, userId);
      const t0 = tick();
      await store.claim("crashed", 10 * SECOND, t0);
      expect(await store.claim("runner-b", 10 * SECOND, new Date(t0.getTime() + 9 * SECOND))).toBeNull();
      const retaken = await store.claim("runner-b", 10 * SECOND, new Date(t0.getTime() + 10 * SECOND));
      expect(retaken).toMatchObject({ id: task.id, status: "running", attempts: 2, leaseOwner: "runner-b" });
      const later = new Date(t0.getTime() + 11 * SECOND);
      expect(await store.renew(task.id, "crashed", 10 * SECOND, later)).toBe(false);
      expect(await store.complete(task.id, "crashed", { late: true }, later)).toBe(false);
      expect(await store.fail(task.id, "crashed", { code: "LATE", message: "too late" }, later)).toBe(false);
      expect(await store.get(task.id, null)).toMatchObject({ status: "running", leaseOwner: "runner-b", result: null, error: null });
    });

    it("keeps a renewed lease", async () => {
      const store = await fresh();
      const { task } = await enqueue(store, user());
      const t0 = tick();
      await store.claim("runner-a", 10 * SECOND, t0);
      expect(await store.renew(task.id, "runner-a", 10 * SECOND, new Date(t0.getTime() + 8 * SECOND))).toBe(true);
      expect(await store.claim("runner-b", 10 * SECOND, new Date(t0.getTime() + 15 * SECOND))).toBeNull();
      expect((await store.get(task.id, null))?.leaseExpiresAt).toBe(new Date(t0.getTime() + 18 * SECOND).toISOString());
      expect(await store.renew(task.id, "runner-b", 10 * SECOND, new Date(t0.getTime() + 15 * SECOND))).toBe(false);
    });

    it("records a result or a typed error only from the lease owner, once", async () => {
      const store = await fresh();
      const userId = user();
      const good = (await enqueue(store, userId)).task;
      const bad = (await enqueue(store, userId)).task;
      const now = tick();
      await store.claim("runner-a", 60 * SECOND, now);
      await store.claim("runner-a", 60 * SECOND, now);
      const result = { resource: { id: "res_1" }, items: [{ id: "itm_1", summary: "Lives in Oslo" }], created: true };
      expect(await store.complete(good.id, "runner-b", result, now)).toBe(false);
      expect(await store.complete(good.id, "runner-a", result, now)).toBe(true);
      expect(await store.complete(good.id, "runner-a", { again: true }, now)).toBe(false);
      expect(await store.get(good.id, readOf(userId))).toMatchObject({ status: "succeeded", result, error: null, leaseOwner: null, leaseExpiresAt: null, attempts: 1 });
      const error = { code: "VALIDATION", message: "content must not be empty", field: "content" };
      await expect(store.fail(bad.id, "runner-a", { code: "", message: "x" })).rejects.toMatchObject({ code: "VALIDATION" });
      expect(await store.fail(bad.id, "runner-a", error, now)).toBe(true);
      expect(await store.get(bad.id, readOf(userId))).toMatchObject({ status: "failed", error, result: null, leaseOwner: null });
      expect(await store.fail(bad.id, "runner-a", error, now)).toBe(false);
      expect(await store.claim("runner-c", 60 * SECOND, new Date(now.getTime() + 3600 * SECOND))).toBeNull();
      expect(await store.counts(readOf(userId))).toEqual({ pending: 0, running: 0, succeeded: 1, failed: 1 });
    });

    it("puts a released task back in the queue without counting the interrupted attempt", async () => {
      const store = await fresh();
      const { task } = await enqueue(store, user());
      const now = tick();
      await store.claim("runner-a", 60 * SECOND, now);
      expect(await store.release(task.id, "runner-b", now)).toBe(false);
      expect(await store.release(task.id, "runner-a", now)).toBe(true);
      expect(await store.get(task.id, null)).toMatchObject({ status: "pending", attempts: 0, leaseOwner: null, leaseExpiresAt: null });
      expect(await store.claim("runner-b", 60 * SECOND, now)).toMatchObject({ id: task.id, attempts: 1, leaseOwner: "runner-b" });
    });

    it("refuses bad tasks with a typed error naming the field, storing nothing", async () => {
      const store = await fresh();
      const userId = user();
      const cases: [unknown, string][] = [
        [{ kind: "memorize", scope: {}, input: {} }, "scope"],
        [{ kind: "memorize", scope: { userId: "" }, input: {} }, "scope"],
        [{ kind: "memorize", scope: { "user id": userId }, input: {} }, "scope"],
        [{ kind: "memorize", scope: { userId }, input: {}, idempotencyKey: "" }, "idempotencyKey"],
        [{ kind: "memorize", scope: { userId }, input: {}, idempotencyKey: "k".repeat(256) }, "idempotencyKey"],
        [{ kind: "forget", scope: { userId }, input: {} }, "kind"],
        [{ kind: "memorize", scope: { userId }, input: 10n }, "input"],
      ];
      for (const [input, field] of cases) {
        await expect(store.enqueue(input as never)).rejects.toMatchObject({ code: "VALIDATION", field: expect.stringContaining(field) });
      }
      expect(await store.counts(readOf(userId))).toEqual({ pending: 0, running: 0, succeeded: 0, failed: 0 });
      await expect(store.get("tsk_x", { conditions: [{ key: "userId') OR 1=1 --", values: ["x"] }] })).rejects.toMatchObject({ code: "VALIDATION" });
    });

    it("forgets a scope's tasks (narrower scopes' too) and no one else's, and refuses while one is running", async () => {
      const store = await fresh();
      const [ann, bob] = [user(), user()];
      const annOwn = (await enqueue(store, ann, { input: { content: "Ann's secret" } })).task;
      const annAgent = (await enqueue(store, ann, { agentId: "a1" })).task;
      const bobTask = (await enqueue(store, bob)).task;
      // Ann's first task runs under a live lease: forgetting Ann now would race its write.
      const now = tick();
      expect(await store.claim("runner-a", 60 * SECOND, now)).toMatchObject({ id: annOwn.id });
      await expect(store.forget(readOf(ann), now)).rejects.toMatchObject({ code: "CONFLICT", field: "scope" });
      expect((await store.list(readOf(ann), { limit: 10 })).records).toHaveLength(2);
      // Forgetting one agent leaves the user's other tasks alone, the running one included.
      expect(await store.forget(readOf(ann, "a1"), now)).toBe(1);
      expect(await store.get(annAgent.id, null)).toBeNull();
      await store.complete(annOwn.id, "runner-a", { items: ["Ann's secret"] }, now);
      expect(await store.forget(readOf(ann), now)).toBe(1);
      expect((await store.list(readOf(ann), { limit: 10 })).records).toEqual([]);
      expect(await store.get(bobTask.id, null)).toEqual(bobTask);
      // A lease that has run out belongs to a runner that died: it does not hold a forget back.
      await store.claim("crashed", 10 * SECOND, now);
      expect(await store.forget(readOf(bob), new Date(now.getTime() + 11 * SECOND))).toBe(1);
      expect(await store.counts(null)).toEqual({ pending: 0, running: 0, succeeded: 0, failed: 0 });
    });

    it("purges finished tasks created and changed before a time, and nothing pending, running or newer", async () => {
      const store = await fresh();
      const userId = user();
      const at = (task: TaskRecord) => new Date(Date.parse(task.createdAt));
      const old = [];
      for (let index = 0; index < 3; index += 1) old.push((await enqueue(store, userId)).task);
      const [succeeded, failed, running] = old as [TaskRecord, TaskRecord, TaskRecord];
      await store.claim("runner-a", 60 * SECOND, at(succeeded));
      await store.complete(succeeded.id, "runner-a", { ok: true }, at(succeeded));
      await store.claim("runner-a", 60 * SECOND, at(failed));
      await store.fail(failed.id, "runner-a", { code: "X", message: "no" }, at(failed));
      await store.claim("runner-a", 60 * SECOND, at(running));
      const pending = (await enqueue(store, userId)).task;
      const cutoff = tick();
      // Finished after the cutoff: kept, though created before it.
      const late = (await enqueue(store, userId)).task;
      await store.claim("runner-b", 60 * SECOND, new Date(cutoff.getTime() - SECOND));
      await store.complete(pending.id, "runner-b", { ok: true }, new Date(cutoff.getTime() + SECOND));
      expect(await store.purgeFinished(cutoff)).toBe(2);
      const left = (await store.list(readOf(userId), { limit: 10 })).records.map((task) => task.id);
      expect(left.sort()).toEqual([running.id, pending.id, late.id].sort());
      expect(await store.purgeFinished(cutoff)).toBe(0);
    });

    it("keeps tasks across a second init", async () => {
      const store = await fresh();
      const { task } = await enqueue(store, user());
      await store.init();
      expect(await store.get(task.id, null)).toEqual(task);
    });
  });
}
