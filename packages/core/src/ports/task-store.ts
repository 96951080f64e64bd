import type { Scope } from "../model/index.js";
import type { Page, ReadScope } from "./memory-store.js";

export type TaskStatus = "pending" | "running" | "succeeded" | "failed";

export interface TaskError {
  readonly code: string;
  readonly message: string;
  readonly field?: string;
}

export interface TaskRecord {
  /** "tsk_…" */
  readonly id: string;
  readonly kind: "memorize";
  readonly status: TaskStatus;
  /** Whose memory the task writes (a member only ever sees its own user's tasks). */
  readonly scope: Scope;
  /** JSON the handler re-validates (the MemorizeInput minus scope). */
  readonly input: unknown;
  readonly idempotencyKey: string | null;
  readonly attempts: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly leaseOwner: string | null;
  readonly leaseExpiresAt: string | null;
  /** MemorizeResult JSON when succeeded. */
  readonly result: unknown;
  /** When failed. */
  readonly error: TaskError | null;
}

export interface EnqueueTaskInput {
  kind: "memorize";
  scope: Scope;
  input: unknown;
  idempotencyKey?: string;
  now?: Date;
}

/** A persistent queue of async tasks, shared by every process over the same store. */
export interface TaskStore {
  init(): Promise<void>;
  /** Idempotent on (scope.userId, idempotencyKey) when a key is given: the same key returns the first task, created:false. */
  enqueue(input: EnqueueTaskInput): Promise<{ task: TaskRecord; created: boolean }>;
  /** A null read scope is an admin's (all tasks). */
  get(id: string, read: ReadScope | null): Promise<TaskRecord | null>;
  /** Newest first, paged over (createdAt, id). */
  list(read: ReadScope | null, options: { status?: TaskStatus; limit: number; cursor?: string }): Promise<Page<TaskRecord>>;
  /** Atomically takes the oldest pending task, or a running one whose lease expired (attempts+1); null when none. */
  claim(owner: string, leaseMs: number, now?: Date): Promise<TaskRecord | null>;
  /** False when the lease was lost. */
  renew(id: string, owner: string, leaseMs: number, now?: Date): Promise<boolean>;
  complete(id: string, owner: string, result: unknown, now?: Date): Promise<boolean>;
  fail(id: string, owner: string, error: TaskError, now?: Date): Promise<boolean>;
  /** Gives a running task back (pending again, the interrupted attempt not counted), e.g. on a graceful stop. */
  release(id: string, owner: string, now?: Date): Promise<boolean>;
  counts(read: ReadScope | null): Promise<Record<TaskStatus, number>>;
  /**
   * Erases the tasks of the read scope (their input is the scope's conversations, their result its memories), for a
   * `forget` of that scope; returns how many. Refuses with a ConflictError, erasing nothing, while one of them is
   * running under a live lease: its memorize would write after the forget.
   */
  forget(read: ReadScope, now?: Date): Promise<number>;
  /** Deletes the succeeded and failed tasks created and last changed before `before`; returns how many. */
  purgeFinished(before: Date): Promise<number>;
  close(): Promise<void>;
}
