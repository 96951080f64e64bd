import { openEmbeddedServerState, type ServerState } from "@memograph/core";
import { openNeo4jServerState } from "@memograph/neo4j";
import { loadConfig } from "./config.js";
import type { CliIo } from "./io.js";
import { embeddedDir, neo4jSettings, storeKind, type StoreOptions } from "./open-memory.js";

/**
 * Opens the server's keys and tasks beside the memories the same options open: the embedded database in the same
 * folder, or the same Neo4j (MEMOGRAPH_NAMESPACE separates deployments sharing one database).
 */
export async function openServerState(io: CliIo, options: StoreOptions): Promise<ServerState> {
  const config = await loadConfig(io, options.config);
  if (storeKind(io, options, config) === "neo4j") {
    return openNeo4jServerState({ ...neo4jSettings(io), ...(io.env.MEMOGRAPH_NAMESPACE ? { namespace: io.env.MEMOGRAPH_NAMESPACE } : {}) });
  }
  return openEmbeddedServerState({ dir: embeddedDir(io, options, config) });
}
