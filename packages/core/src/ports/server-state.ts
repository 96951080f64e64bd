import type { AccessStore } from "./access-store.js";
import type { TaskStore } from "./task-store.js";

/** What a memograph server keeps besides memories: its API keys and its task queue, opened and initialised. */
export interface ServerState {
  readonly access: AccessStore;
  readonly tasks: TaskStore;
  /** Closes both. */
  close(): Promise<void>;
}
