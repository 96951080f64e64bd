import { scopeConditions, type ForgetCounts, type Scope } from "@memograph/core";
import type { ServerDeps } from "./deps.js";

/**
 * Erases what the server keeps of a scope besides its memories: its memorize tasks, whose input is the scope's
 * conversations and whose result its memories. A ConflictError (409) while one of them is running: its memorize
 * would write after the forget. Every forget the server serves (/v1, MCP) runs this first.
 */
export async function forgetTasks({ tasks }: Pick<ServerDeps, "tasks">, scope: Scope): Promise<void> {
  await tasks.forget({ conditions: scopeConditions(scope) });
}

/** The scope's tasks, then its memories: a forget that fails halfway is finished by the next one. */
export async function forgetScope(deps: Pick<ServerDeps, "tasks" | "memory">, scope: Scope): Promise<ForgetCounts> {
  await forgetTasks(deps, scope);
  return deps.memory.forget({ scope });
}
