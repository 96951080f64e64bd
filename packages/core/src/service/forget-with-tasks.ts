import { scopeConditions, type Scope } from "../model/index.js";
import type { ForgetCounts, TaskStore } from "../ports/index.js";
import type { MemoryService } from "./memory-service.js";

/**
 * `forget` for a store a server also keeps its task queue in: the scope's memorize tasks go first (their input is the
 * scope's conversations, their result its memories), then its memories. A ConflictError, erasing nothing, while one
 * of those tasks is running: it would write after the forget. A forget that fails halfway is finished by the next one.
 */
export async function forgetWithTasks(memory: MemoryService, tasks: TaskStore, scope: Scope): Promise<ForgetCounts> {
  await tasks.forget({ conditions: scopeConditions(scope) });
  return memory.forget({ scope });
}
