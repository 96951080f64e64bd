import type { AccessStore, MemoryService, TaskStore } from "@memograph/core";

/** What the route modules translate requests into. */
export interface ServerDeps {
  readonly memory: MemoryService;
  readonly access: AccessStore;
  readonly tasks: TaskStore;
  /** Called after a task is enqueued, so this server's runner picks it up without waiting for its next poll. */
  readonly onEnqueued: () => void;
}
