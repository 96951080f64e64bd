import type Database from "better-sqlite3";
import type { Page, ReadScope, TaskError, TaskRecord, TaskStatus, TaskStore, EnqueueTaskInput } from "../../ports/index.js";
import { decodeCursor, encodeCursor } from "../../util/cursor.js";
import { checkLeaseOwner, checkScopeKey, emptyTaskCounts, idempotencySlot, leaseEnd, newTask, parseTaskListOptions, runningTaskConflict, taskResultJson, taskErrorJson } from "../state/tasks.js";
import { guarded, hasServerTable, openServerDatabase } from "./server-database.js";

export interface SqliteTaskStoreOptions {
  /** The embedded store's folder (its `memograph.db` gains a `tasks` table); omit for an in-memory store. */
  readonly dir?: string;
}

// `seq` orders tasks created in the same millisecond; `idempotency` is the (owner, key) pair as one unique string.
const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS tasks (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  scope TEXT NOT NULL,
  input TEXT NOT NULL,
  idempotency_key TEXT,
  idempotency TEXT UNIQUE,
  attempts INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  lease_owner TEXT,
  lease_expires_at TEXT,
  result TEXT,
  error TEXT
);
CREATE INDEX IF NOT EXISTS tasks_claimable ON tasks (status, created_at, seq);
CREATE INDEX IF NOT EXISTS tasks_by_time ON tasks (created_at, id);
CREATE INDEX IF NOT EXISTS tasks_by_user ON tasks (json_extract(scope, '$.userId'), created_at, id);`;

interface TaskRow {
  id: string;
  kind: "memorize";
  status: TaskStatus;
  scope: string;
  input: string;
  idempotency_key: string | null;
  attempts: number;
  created_at: string;
  updated_at: string;
  lease_owner: string | null;
  lease_expires_at: string | null;
  result: string | null;
  error: string | null;
}

function toRecord(row: TaskRow): TaskRecord {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    scope: Object.freeze(JSON.parse(row.scope) as Record<string, string>),
    input: JSON.parse(row.input) as unknown,
    idempotencyKey: row.idempotency_key,
    attempts: row.attempts,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    leaseOwner: row.lease_owner,
    leaseExpiresAt: row.lease_expires_at,
    result: row.result === null ? null : (JSON.parse(row.result) as unknown),
    error: row.error === null ? null : (JSON.parse(row.error) as TaskError),
  };
}

type Params = unknown[];

/** SQL narrowing to a read scope (every key of every condition, on the stored scope JSON); null reads all. */
function readSql(read: ReadScope | null, params: Params): string {
  if (read === null) return "";
  return read.conditions
    .map((condition) => {
      // The key is an identifier (checked), so its JSON path can be written out, which lets the user index serve.
      params.push(JSON.stringify(condition.values));
      return ` AND json_extract(scope, '$.${checkScopeKey(condition.key)}') IN (SELECT value FROM json_each(?))`;
    })
    .join("");
}

/**
 * The async task queue in the embedded database. Every change is one SQL statement (or one immediate transaction),
 * so connections in several processes over the same file never claim the same task: SQLite runs one writer at a time.
 */
export class SqliteTaskStore implements TaskStore {
  private readonly db: Database.Database;

  constructor(options: SqliteTaskStoreOptions = {}) {
    this.db = openServerDatabase(options.dir);
  }

  /**
   * The task queue of the store in `dir` when a server has used it, else null (no database, or no tasks table yet);
   * creates nothing, so a forget from the CLI leaves a store no server used without server tables.
   */
  static openExisting(dir: string): SqliteTaskStore | null {
    return hasServerTable(dir, "tasks") ? new SqliteTaskStore({ dir }) : null;
  }

  async init(): Promise<void> {
    guarded("create the tasks table", () => this.db.exec(SCHEMA_SQL));
  }

  async enqueue(input: EnqueueTaskInput): Promise<{ task: TaskRecord; created: boolean }> {
    const task = newTask(input);
    const slot = idempotencySlot(task);
    const { record } = task;
    return guarded("enqueue a task", () =>
      this.db.transaction(() => {
        const inserted = this.db
          .prepare(
            `INSERT INTO tasks (id, kind, status, scope, input, idempotency_key, idempotency, attempts, created_at, updated_at)
             VALUES (?, ?, 'pending', ?, ?, ?, ?, 0, ?, ?) ON CONFLICT (idempotency) DO NOTHING`,
          )
          .run(record.id, record.kind, task.scopeJson, task.inputJson, record.idempotencyKey, slot, record.createdAt, record.updatedAt);
        if (inserted.changes === 1) return { task: record, created: true };
        const first = this.db.prepare<[string | null], TaskRow>("SELECT * FROM tasks WHERE idempotency = ?").get(slot)!;
        return { task: toRecord(first), created: false };
      }).immediate(),
    );
  }

  async get(id: string, read: ReadScope | null): Promise<TaskRecord | null> {
    const params: Params = [id];
    const sql = `SELECT * FROM tasks WHERE id = ?${readSql(read, params)}`;
    const row = guarded("read a task", () => this.db.prepare<Params, TaskRow>(sql).get(...params));
    return row === undefined ? null : toRecord(row);
  }

  async list(read: ReadScope | null, options: { status?: TaskStatus; limit: number; cursor?: string }): Promise<Page<TaskRecord>> {
    const { status, limit, cursor } = parseTaskListOptions(options);
    const params: Params = [];
    let sql = `SELECT * FROM tasks WHERE 1 = 1${readSql(read, params)}`;
    if (status !== undefined) {
      sql += " AND status = ?";
      params.push(status);
    }
    if (cursor !== undefined) {
      const [createdAt, id] = decodeCursor(cursor);
      sql += " AND (created_at, id) < (?, ?)";
      params.push(createdAt, id);
    }
    sql += " ORDER BY created_at DESC, id DESC LIMIT ?";
    params.push(limit + 1);
    const rows = guarded("list tasks", () => this.db.prepare<Params, TaskRow>(sql).all(...params));
    const records = rows.slice(0, limit).map(toRecord);
    const last = records[records.length - 1];
    return { records, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last.createdAt, last.id) : null };
  }

  async claim(owner: string, leaseMs: number, now: Date = new Date()): Promise<TaskRecord | null> {
    checkLeaseOwner(owner);
    const at = now.toISOString();
    const until = leaseEnd(now, leaseMs);
    // One statement: the choice of task and taking it happen under SQLite's single write lock. Each arm is an index
    // seek on (status, created_at), so finished tasks piling up never slow a claim.
    const row = guarded("claim a task", () =>
      this.db
        .prepare<[string, string, string, string], TaskRow>(
          `UPDATE tasks SET status = 'running', attempts = attempts + 1, lease_owner = ?, lease_expires_at = ?, updated_at = ?
           WHERE seq = (SELECT seq FROM (
             SELECT * FROM (SELECT seq, created_at FROM tasks WHERE status = 'pending' ORDER BY created_at, seq LIMIT 1)
             UNION ALL
             SELECT * FROM (SELECT seq, created_at FROM tasks WHERE status = 'running' AND lease_expires_at <= ? ORDER BY created_at, seq LIMIT 1)
           ) ORDER BY created_at, seq LIMIT 1)
           RETURNING *`,
        )
        .get(owner, until, at, at),
    );
    return row === undefined ? null : toRecord(row);
  }

  async renew(id: string, owner: string, leaseMs: number, now: Date = new Date()): Promise<boolean> {
    const until = leaseEnd(now, leaseMs);
    return this.update("renew a lease", "lease_expires_at = ?", [until], id, owner, now);
  }

  async complete(id: string, owner: string, result: unknown, now: Date = new Date()): Promise<boolean> {
    return this.update("complete a task", "status = 'succeeded', result = ?, lease_owner = NULL, lease_expires_at = NULL", [taskResultJson(result)], id, owner, now);
  }

  async fail(id: string, owner: string, error: TaskError, now: Date = new Date()): Promise<boolean> {
    return this.update("fail a task", "status = 'failed', error = ?, lease_owner = NULL, lease_expires_at = NULL", [taskErrorJson(error)], id, owner, now);
  }

  async release(id: string, owner: string, now: Date = new Date()): Promise<boolean> {
    return this.update("release a task", "status = 'pending', attempts = max(0, attempts - 1), lease_owner = NULL, lease_expires_at = NULL", [], id, owner, now);
  }

  async counts(read: ReadScope | null): Promise<Record<TaskStatus, number>> {
    const params: Params = [];
    const rows = guarded("count tasks", () =>
      this.db.prepare<Params, { status: TaskStatus; n: number }>(`SELECT status, count(*) AS n FROM tasks WHERE 1 = 1${readSql(read, params)} GROUP BY status`).all(...params),
    );
    const counts = emptyTaskCounts();
    for (const row of rows) counts[row.status] = row.n;
    return counts;
  }

  async forget(read: ReadScope, now: Date = new Date()): Promise<number> {
    const erased = guarded("forget tasks", () =>
      this.db.transaction(() => {
        const params: Params = [now.toISOString()];
        const running = this.db.prepare<Params, { id: string }>(`SELECT id FROM tasks WHERE status = 'running' AND lease_expires_at > ?${readSql(read, params)} LIMIT 1`).get(...params);
        if (running !== undefined) throw runningTaskConflict(running.id);
        const scoped: Params = [];
        return this.db.prepare(`DELETE FROM tasks WHERE 1 = 1${readSql(read, scoped)}`).run(...scoped).changes;
      }).immediate(),
    );
    // Until a checkpoint the write-ahead log still holds the deleted rows' pages.
    guarded("checkpoint the log after forgetting tasks", () => this.db.pragma("wal_checkpoint(TRUNCATE)"));
    return erased;
  }

  async purgeFinished(before: Date): Promise<number> {
    const at = before.toISOString();
    // Each status arm seeks (status, created_at): a purge reads only tasks old enough to go.
    return guarded("purge finished tasks", () =>
      this.db.prepare("DELETE FROM tasks WHERE status IN ('succeeded', 'failed') AND created_at < ? AND updated_at < ?").run(at, at).changes,
    );
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /** Changes a running task only while `owner` holds its lease. */
  private update(operation: string, set: string, setParams: Params, id: string, owner: string, now: Date): boolean {
    checkLeaseOwner(owner);
    const params: Params = [...setParams, now.toISOString(), id, owner];
    return guarded(operation, () => this.db.prepare(`UPDATE tasks SET ${set}, updated_at = ? WHERE id = ? AND status = 'running' AND lease_owner = ?`).run(...params).changes === 1);
  }
}
