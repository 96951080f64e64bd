import type { AccessStore, MemoryService, TaskStore } from "@memograph/core";

/** What the route modules translate requests into. */
export interface ServerDeps {
  readonly memory: MemoryService;
  readonly access: AccessStore;
  readonly tasks: TaskStore;
}
