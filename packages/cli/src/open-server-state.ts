import { openEmbeddedServerState, type ServerState } from "@memograph/core";
import { loadConfig } from "./config.js";
import type { CliIo } from "./io.js";
import { storeLocation } from "./store-location.js";

export interface ServerStateOptions {
  readonly store?: string;
  readonly dir?: string;
  readonly config?: string;
}

/**
 * Opens the server's keys and tasks on the same store as the memories (see `storeLocation`); with Neo4j, in the
 * namespace `MEMOGRAPH_NAMESPACE` (default "default"). A running server and the CLI share them.
 */
export async function openServerState(io: CliIo, options: ServerStateOptions): Promise<ServerState> {
  const location = storeLocation(io, await loadConfig(io, options.config), options);
  if (location.kind === "embedded") return openEmbeddedServerState({ dir: location.dir });
  const namespace = io.env.MEMOGRAPH_NAMESPACE;
  const { openNeo4jServerState } = await import("@memograph/neo4j");
  return openNeo4jServerState({ uri: location.uri, user: location.user, password: location.password, ...(namespace ? { namespace } : {}) });
}

/** Runs `work` with the store's server state, closed afterwards. */
export async function withServerState<T>(io: CliIo, options: ServerStateOptions, work: (state: ServerState) => Promise<T>): Promise<T> {
  const state = await openServerState(io, options);
  try {
    return await work(state);
  } finally {
    await state.close();
  }
}
