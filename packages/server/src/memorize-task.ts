import { ValidationError, type MemorizeInput, type Scope, type TaskRecord, type TaskStore } from "@memograph/core";

/** What a memorize task stores: the core's memorize input without its scope (the task carries the scope). */
export type MemorizeTaskInput = Omit<MemorizeInput, "scope">;

/** Enqueues a memorize; the same Idempotency-Key for the same user returns the first task. */
export async function enqueueMemorize(tasks: TaskStore, scope: Scope, input: MemorizeTaskInput, idempotencyKey: string | undefined): Promise<TaskRecord> {
  if (idempotencyKey !== undefined && (idempotencyKey.length === 0 || idempotencyKey.length > 200)) {
    throw new ValidationError("Idempotency-Key must be 1 to 200 characters", [{ path: "Idempotency-Key", message: "1 to 200 characters" }]);
  }
  const { task } = await tasks.enqueue({ kind: "memorize", scope, input, ...(idempotencyKey === undefined ? {} : { idempotencyKey }) });
  return task;
}
