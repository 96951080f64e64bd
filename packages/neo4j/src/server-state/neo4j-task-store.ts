import neo4j from "neo4j-driver";
import {
  checkLeaseOwner,
  checkScopeKey,
  decodeCursor,
  emptyTaskCounts,
  encodeCursor,
  idempotencySlot,
  leaseEnd,
  newTask,
  parseTaskListOptions,
  runningTaskConflict,
  taskErrorJson,
  taskResultJson,
  type EnqueueTaskInput,
  type Page,
  type ReadScope,
  type TaskError,
  type TaskRecord,
  type TaskStatus,
  type TaskStore,
} from "@memograph/core";
import { TASKS } from "../queries/server-state-queries.js";
import { StateConnection, isConstraintViolation, type Neo4jServerStateOptions, type Params } from "./connection.js";
import { createStateSchema } from "./schema.js";

interface TaskProps {
  id: string;
  kind: "memorize";
  status: TaskStatus;
  scope: string;
  input: string;
  idempotencyKey: string | null;
  attempts: number;
  createdAt: string;
  updatedAt: string;
  leaseOwner: string | null;
  leaseExpiresAt: string | null;
  result: string | null;
  error: string | null;
}

function toRecord(task: TaskProps): TaskRecord {
  return {
    id: task.id,
    kind: task.kind,
    status: task.status,
    scope: Object.freeze(JSON.parse(task.scope) as Record<string, string>),
    input: JSON.parse(task.input) as unknown,
    idempotencyKey: task.idempotencyKey ?? null,
    attempts: task.attempts,
    createdAt: task.createdAt,
    updatedAt: task.updatedAt,
    leaseOwner: task.leaseOwner ?? null,
    leaseExpiresAt: task.leaseExpiresAt ?? null,
    result: task.result == null ? null : (JSON.parse(task.result) as unknown),
    error: task.error == null ? null : (JSON.parse(task.error) as TaskError),
  };
}

/** The one user a read scope is bound to, if it names exactly one. */
function singleUser(read: ReadScope | null): string | null {
  const values = read?.conditions.find((condition) => condition.key === "userId")?.values;
  return values?.length === 1 ? values[0]! : null;
}

const byUser = (read: ReadScope | null) => singleUser(read) !== null;

const PURGE_BATCH = 5000;

/** How often a claim that lost a race with a completion looks again before answering. */
const CLAIM_RETRIES = 5;

/**
 * The async task queue as `:Task` nodes. A claim is one write transaction that holds the namespace's queue lock and the
 * task's own lock, so two processes never claim the same task.
 */
export class Neo4jTaskStore implements TaskStore {
  private readonly connection: StateConnection;

  constructor(options: Neo4jServerStateOptions | StateConnection = {}) {
    this.connection = options instanceof StateConnection ? options : new StateConnection(options);
  }

  /**
   * The task queue of a namespace that has tasks, else null (there is nothing of it to erase); creates nothing, neither
   * the state's constraints nor a node, so a forget from the CLI leaves a database no server used as it was.
   */
  static async openExisting(options: Neo4jServerStateOptions): Promise<Neo4jTaskStore | null> {
    const connection = new StateConnection(options);
    let exist = false;
    try {
      exist = (await connection.read("look for tasks", (tx) => tx.run(TASKS.exist, { namespace: connection.namespace }))).records[0]?.get("exist") === true;
    } finally {
      if (!exist) await connection.close();
    }
    return exist ? new Neo4jTaskStore(connection) : null;
  }

  async init(): Promise<void> {
    await createStateSchema(this.connection);
  }

  async enqueue(input: EnqueueTaskInput): Promise<{ task: TaskRecord; created: boolean }> {
    const task = newTask(input);
    const { record } = task;
    const slot = idempotencySlot(task);
    const props = {
      id: record.id, kind: record.kind, status: record.status, scope: task.scopeJson, input: task.inputJson, idempotencyKey: record.idempotencyKey,
      idempotency: slot === null ? null : JSON.stringify([this.connection.namespace, slot]), createdAt: record.createdAt, updatedAt: record.updatedAt,
      namespace: this.connection.namespace,
    };
    const scopeProps = Object.fromEntries(Object.entries(record.scope).map(([key, value]) => [`scope_${key}`, value]));
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.connection.write("enqueue a task", (tx) => tx.run(slot === null ? TASKS.create : TASKS.createOnce, { props, scopeProps }));
        const row = result.records[0]!;
        return { task: toRecord(row.get("task") as TaskProps), created: row.get("created") as boolean };
      } catch (error) {
        // Two first uses of one key raced past MERGE's match; the second attempt finds the winner's task.
        if (attempt === 2 || !isConstraintViolation(error)) throw error;
      }
    }
  }

  async get(id: string, read: ReadScope | null): Promise<TaskRecord | null> {
    const result = await this.connection.read("read a task", (tx) => tx.run(TASKS.get, { id, ...this.readParams(read) }));
    const task = result.records[0]?.get("task") as TaskProps | undefined;
    return task === undefined ? null : toRecord(task);
  }

  async list(read: ReadScope | null, options: { status?: TaskStatus; limit: number; cursor?: string }): Promise<Page<TaskRecord>> {
    const { status, limit, cursor } = parseTaskListOptions(options);
    const [cursorAt, cursorId] = cursor === undefined ? [null, null] : decodeCursor(cursor);
    const result = await this.connection.read("list tasks", (tx) =>
      tx.run(TASKS.list(byUser(read)), { ...this.readParams(read), status: status ?? null, cursorAt, cursorId, limit: neo4j.int(limit + 1) }),
    );
    const rows = result.records.map((row) => toRecord(row.get("task") as TaskProps));
    const records = rows.slice(0, limit);
    const last = records[records.length - 1];
    return { records, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last.createdAt, last.id) : null };
  }

  async claim(owner: string, leaseMs: number, now: Date = new Date()): Promise<TaskRecord | null> {
    checkLeaseOwner(owner);
    const params = { owner, until: leaseEnd(now, leaseMs), now: now.toISOString(), namespace: this.connection.namespace };
    for (let attempt = 1; attempt <= CLAIM_RETRIES; attempt++) {
      const result = await this.connection.write("claim a task", (tx) => tx.run(TASKS.claim, params));
      const row = result.records[0];
      if (row === undefined) return null;
      const task = row.get("task") as TaskProps | null;
      if (task !== null) return toRecord(task);
    }
    return null;
  }

  async renew(id: string, owner: string, leaseMs: number, now: Date = new Date()): Promise<boolean> {
    return this.update("renew a lease", id, owner, { leaseExpiresAt: leaseEnd(now, leaseMs) }, now);
  }

  async complete(id: string, owner: string, result: unknown, now: Date = new Date()): Promise<boolean> {
    return this.update("complete a task", id, owner, { status: "succeeded", result: taskResultJson(result), leaseOwner: null, leaseExpiresAt: null }, now);
  }

  async fail(id: string, owner: string, error: TaskError, now: Date = new Date()): Promise<boolean> {
    return this.update("fail a task", id, owner, { status: "failed", error: taskErrorJson(error), leaseOwner: null, leaseExpiresAt: null }, now);
  }

  async release(id: string, owner: string, now: Date = new Date()): Promise<boolean> {
    checkLeaseOwner(owner);
    const result = await this.connection.write("release a task", (tx) => tx.run(TASKS.release, { id, owner, now: now.toISOString(), namespace: this.connection.namespace }));
    return result.records[0]?.get("changed") === 1;
  }

  async counts(read: ReadScope | null): Promise<Record<TaskStatus, number>> {
    const result = await this.connection.read("count tasks", (tx) => tx.run(TASKS.counts(byUser(read)), this.readParams(read)));
    const counts = emptyTaskCounts();
    for (const row of result.records) counts[row.get("status") as TaskStatus] = row.get("n") as number;
    return counts;
  }

  async forget(read: ReadScope, now: Date = new Date()): Promise<number> {
    const params = { ...this.readParams(read), now: now.toISOString() };
    return this.connection.write("forget tasks", async (tx) => {
      const running = (await tx.run(TASKS.forgetCheck(byUser(read)), params)).records[0]?.get("running") as string | null | undefined;
      if (running) throw runningTaskConflict(running);
      return (await tx.run(TASKS.forget(byUser(read)), params)).records[0]!.get("erased") as number;
    });
  }

  async purgeFinished(before: Date): Promise<number> {
    let total = 0;
    // Batches keep each transaction small however many tasks piled up.
    for (;;) {
      const params = { namespace: this.connection.namespace, before: before.toISOString(), limit: neo4j.int(PURGE_BATCH) };
      const purged = (await this.connection.write("purge finished tasks", (tx) => tx.run(TASKS.purgeFinished, params))).records[0]!.get("purged") as number;
      total += purged;
      if (purged < PURGE_BATCH) return total;
    }
  }

  async close(): Promise<void> {
    await this.connection.close();
  }

  private async update(operation: string, id: string, owner: string, set: Params, now: Date): Promise<boolean> {
    checkLeaseOwner(owner);
    const result = await this.connection.write(operation, (tx) => tx.run(TASKS.update, { id, owner, set, now: now.toISOString(), namespace: this.connection.namespace }));
    return result.records[0]?.get("changed") === 1;
  }

  private readParams(read: ReadScope | null): Params {
    const conditions = (read?.conditions ?? []).map((condition) => ({ key: checkScopeKey(condition.key), values: [...condition.values] }));
    return { conditions, namespace: this.connection.namespace, userId: singleUser(read) };
  }
}
