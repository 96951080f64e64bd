import { randomBytes } from "node:crypto";
import { z } from "zod";
import { ConflictError, ValidationError } from "../../errors/index.js";
import { scopeKey, type Scope } from "../../model/index.js";
import type { EnqueueTaskInput, TaskError, TaskRecord, TaskStatus } from "../../ports/index.js";

export const TASK_STATUSES = ["pending", "running", "succeeded", "failed"] as const satisfies readonly TaskStatus[];

const identifier = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

const enqueueSchema = z
  .object({
    kind: z.literal("memorize"),
    scope: z.record(z.string().regex(identifier, "must be an identifier"), z.string().min(1).max(256)).refine((scope) => Object.keys(scope).length > 0, "names no key"),
    input: z.unknown(),
    idempotencyKey: z.string().min(1, "must not be empty").max(255).optional(),
    now: z.date().optional(),
  })
  .strict();

/** A validated task to insert, with the JSON its store keeps. */
export interface NewTask {
  readonly record: TaskRecord;
  readonly inputJson: string;
  readonly scopeJson: string;
  /** Who an idempotency key belongs to: the scope's user, so two users never share a key. */
  readonly idempotencyOwner: string;
}

/** Validates an enqueue request (the task's input must be JSON) into the pending task to store. */
export function newTask(input: EnqueueTaskInput): NewTask {
  const parsed = enqueueSchema.safeParse(input);
  if (!parsed.success) throw ValidationError.fromZod("task", parsed.error);
  const { scope, idempotencyKey } = parsed.data;
  let inputJson: string | undefined;
  try {
    inputJson = JSON.stringify(input.input);
  } catch (error) {
    throw new ValidationError("The task input is not JSON", [{ path: "input", message: (error as Error).message }], error);
  }
  if (inputJson === undefined) throw new ValidationError("The task input is not JSON", [{ path: "input", message: "required" }]);
  const now = (input.now ?? new Date()).toISOString();
  const frozenScope: Scope = Object.freeze({ ...scope });
  const record: TaskRecord = {
    id: `tsk_${randomBytes(12).toString("hex")}`,
    kind: "memorize",
    status: "pending",
    scope: frozenScope,
    input: JSON.parse(inputJson) as unknown,
    idempotencyKey: idempotencyKey ?? null,
    attempts: 0,
    createdAt: now,
    updatedAt: now,
    leaseOwner: null,
    leaseExpiresAt: null,
    result: null,
    error: null,
  };
  return { record, inputJson, scopeJson: JSON.stringify(frozenScope), idempotencyOwner: idempotencyOwnerOf(frozenScope) };
}

function idempotencyOwnerOf(scope: Scope): string {
  return scope.userId !== undefined ? `userId:${scope.userId}` : `scope:${scopeKey(scope)}`;
}

/** The key a (owner, idempotency key) pair is unique on, as one string. */
export function idempotencySlot(task: NewTask): string | null {
  return task.record.idempotencyKey === null ? null : JSON.stringify([task.idempotencyOwner, task.record.idempotencyKey]);
}

const taskErrorSchema = z.object({ code: z.string().min(1).max(100), message: z.string().max(10_000), field: z.string().max(500).optional() }).strict();

/** A task error as stored: validated, with no `field` key when there is none. */
export function taskErrorJson(error: TaskError): string {
  const parsed = taskErrorSchema.safeParse(error);
  if (!parsed.success) throw ValidationError.fromZod("task error", parsed.error, "error");
  return JSON.stringify(parsed.data);
}

/** JSON text of a result or error, or null; throws a ValidationError when it is not JSON. */
export function taskResultJson(result: unknown): string | null {
  if (result === null || result === undefined) return null;
  const text = JSON.stringify(result);
  if (text === undefined) throw new ValidationError("The task result is not JSON", [{ path: "result", message: "not serialisable" }]);
  return text;
}

/** The status counts of no task, to add to. */
export function emptyTaskCounts(): Record<TaskStatus, number> {
  return { pending: 0, running: 0, succeeded: 0, failed: 0 };
}

/** Scope keys of a read scope become property or JSON-path names, so they must be identifiers. */
export function checkScopeKey(key: string): string {
  if (!identifier.test(key)) throw new ValidationError(`Scope key ${JSON.stringify(key)} is not an identifier`, [{ path: "read.conditions", message: "keys must be identifiers" }]);
  return key;
}

/** Lease arithmetic: when a lease taken at `now` for `leaseMs` ends. */
export function leaseEnd(now: Date, leaseMs: number): string {
  if (!Number.isInteger(leaseMs) || leaseMs <= 0) throw new ValidationError("A lease must last a positive whole number of milliseconds", [{ path: "leaseMs", message: "expected a positive integer" }]);
  return new Date(now.getTime() + leaseMs).toISOString();
}

const listOptionsSchema = z
  .object({ status: z.enum(TASK_STATUSES).optional(), limit: z.number().int().min(1).max(1000), cursor: z.string().min(1).optional() })
  .strict();

/** Validated list options; lists page newest first over (createdAt, id). */
export function parseTaskListOptions(options: { status?: TaskStatus; limit: number; cursor?: string }): z.infer<typeof listOptionsSchema> {
  const parsed = listOptionsSchema.safeParse(options);
  if (!parsed.success) throw ValidationError.fromZod("task list options", parsed.error);
  return parsed.data;
}

/** A lease holder's name: any non-empty label (a process and runner id). */
export function checkLeaseOwner(owner: string): string {
  if (typeof owner !== "string" || owner.length === 0 || owner.length > 200) throw new ValidationError("A lease owner must be a non-empty label", [{ path: "owner", message: "expected 1 to 200 characters" }]);
  return owner;
}

/** Why a forget waits: a running memorize of the scope would write its memories after the forget. */
export function runningTaskConflict(taskId: string): ConflictError {
  return new ConflictError(`Task ${taskId} of this scope is running; forget once it has finished, or the memories it writes would outlive the forget`, { field: "scope" });
}
