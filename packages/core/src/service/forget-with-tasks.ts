import { scopeConditions, type Scope } from "../model/index.js";
import type { ForgetCounts, TaskStore } from "../ports/index.js";
import type { MemoryService } from "./memory-service.js";

/**
 * Erases a scope's memorize tasks (their input is the scope's conversations, their result its memories), as a forget
 * of the scope must; a host that forgets memories elsewhere (an MCP server's `beforeForget`) calls this first. A
 * ConflictError, erasing nothing, while one of those tasks is running: it would write after the forget.
 */
export async function forgetTasks(tasks: TaskStore, scope: Scope): Promise<void> {
  await tasks.forget({ conditions: scopeConditions(scope) });
}

/**
 * `forget` for a store a server also keeps its task queue in: the scope's tasks go first, then its memories. A forget
 * that fails halfway is finished by the next one.
 */
export async function forgetWithTasks(memory: MemoryService, tasks: TaskStore, scope: Scope): Promise<ForgetCounts> {
  await forgetTasks(tasks, scope);
  return memory.forget({ scope });
}
