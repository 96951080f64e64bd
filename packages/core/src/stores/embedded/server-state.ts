import type { ServerState } from "../../ports/index.js";
import { SqliteAccessStore } from "./sqlite-access-store.js";
import { SqliteTaskStore } from "./sqlite-task-store.js";

export interface EmbeddedServerStateOptions {
  /** The embedded store's folder (the same `--dir` as the memories); omit for in-memory state. */
  readonly dir?: string;
}

/** Opens and initialises the server's keys and tasks in the embedded database. */
export async function openEmbeddedServerState(options: EmbeddedServerStateOptions = {}): Promise<ServerState> {
  const access = new SqliteAccessStore(options);
  const tasks = new SqliteTaskStore(options);
  try {
    await access.init();
    await tasks.init();
  } catch (error) {
    await Promise.all([access.close(), tasks.close()]);
    throw error;
  }
  return {
    access,
    tasks,
    close: async () => {
      await Promise.all([access.close(), tasks.close()]);
    },
  };
}
