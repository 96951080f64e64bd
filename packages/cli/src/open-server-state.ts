import { SqliteTaskStore, forgetTasks, openEmbeddedServerState, type Scope, type ServerState, type TaskStore } from "@memograph/core";
import type { Neo4jServerStateOptions } from "@memograph/neo4j";
import { loadConfig } from "./config.js";
import type { CliIo } from "./io.js";
import { storeLocation, type StoreLocation } from "./store-location.js";

export interface ServerStateOptions {
  readonly store?: string;
  readonly dir?: string;
  readonly config?: string;
}

/** The server state's connection to the Neo4j of `location`, in the namespace `MEMOGRAPH_NAMESPACE` (default "default"). */
function neo4jState(io: CliIo, location: Extract<StoreLocation, { kind: "neo4j" }>): Neo4jServerStateOptions {
  const namespace = io.env.MEMOGRAPH_NAMESPACE;
  return { uri: location.uri, user: location.user, password: location.password, ...(namespace ? { namespace } : {}) };
}

/** Opens the server's keys and tasks on the same store as the memories (see `storeLocation`); a running server and the CLI share them. */
export async function openServerState(io: CliIo, options: ServerStateOptions): Promise<ServerState> {
  const location = storeLocation(io, await loadConfig(io, options.config), options);
  if (location.kind === "embedded") return openEmbeddedServerState({ dir: location.dir });
  const { openNeo4jServerState } = await import("@memograph/neo4j");
  return openNeo4jServerState(neo4jState(io, location));
}

/** The server's task queue on the store, or null where no server keeps one; creates no server table or constraint. */
async function openExistingTasks(io: CliIo, options: ServerStateOptions): Promise<TaskStore | null> {
  const location = storeLocation(io, await loadConfig(io, options.config), options);
  if (location.kind === "embedded") return SqliteTaskStore.openExisting(location.dir);
  const { Neo4jTaskStore } = await import("@memograph/neo4j");
  return Neo4jTaskStore.openExisting(neo4jState(io, location));
}

/**
 * Erases the scope's tasks where a server over this store keeps them (their input is the scope's conversations), as a
 * forget of the scope must first (`forgetTasks`); a store no server used is left without a task queue.
 */
export async function forgetExistingTasks(io: CliIo, options: ServerStateOptions, scope: Scope): Promise<void> {
  const tasks = await openExistingTasks(io, options);
  if (tasks === null) return;
  try {
    await forgetTasks(tasks, scope);
  } finally {
    await tasks.close();
  }
}
