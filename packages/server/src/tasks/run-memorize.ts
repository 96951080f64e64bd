import { ValidationError, type MemorizeResult, type MemoryService, type TaskRecord } from "@memograph/core";

/**
 * Runs one stored memorize task: its input (the MemorizeInput without scope, re-validated by the core) in the task's
 * own scope, whatever the stored input says about scope.
 */
export function runMemorize(memory: MemoryService, task: TaskRecord): Promise<MemorizeResult> {
  const input = task.input;
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return Promise.reject(new ValidationError("A memorize task's input must be an object", [{ path: "input", message: "expected an object" }]));
  }
  return memory.memorize({ ...(input as Record<string, unknown>), scope: task.scope });
}
