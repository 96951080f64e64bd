import { createMemory, SafeResourceLoader, SqliteStore, type MemoryService, type MemoryStore } from "@memograph/core";
import { loadConfig, modelOptions } from "./config.js";
import { defaultEmbedder } from "./embedder.js";
import type { CliIo } from "./io.js";
import { storeLocation, type StoreLocation } from "./store-location.js";

export interface StoreOptions {
  /** `embedded` (default) or `neo4j` (connection from NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD). */
  readonly store?: string;
  readonly dir?: string;
  /** Local folders memorize may read; the CLI adds the folder of the file it is given. */
  readonly roots?: readonly string[];
  readonly allowHosts?: readonly string[];
  readonly maxBytes?: number;
  /** `offline` or `openai`; see `modelOptions`. */
  readonly provider?: string;
  /** A memograph.config.{ts,mjs,js,json}; default: the one in the working folder, if any. */
  readonly config?: string;
}

/** The store at a location, not yet initialised. Neo4j's driver loads only when a command uses it. */
export async function storeAt(location: StoreLocation): Promise<MemoryStore> {
  if (location.kind === "embedded") return new SqliteStore({ dir: location.dir });
  const { Neo4jStore } = await import("@memograph/neo4j");
  return new Neo4jStore({ uri: location.uri, user: location.user, password: location.password });
}

/**
 * Opens the chosen store (the embedded one in `--dir`, `MEMOGRAPH_DIR`, the config's `dir` or `./.memograph`, or
 * Neo4j) with the chosen models; with no embedder chosen, an existing store opens with the one it was built with.
 */
export async function openMemory(io: CliIo, options: StoreOptions): Promise<MemoryService> {
  const config = await loadConfig(io, options.config);
  const chosen = await modelOptions(io, config, options.provider);
  const store = await storeAt(storeLocation(io, config, options));
  let embedder: ReturnType<typeof defaultEmbedder>;
  try {
    embedder = defaultEmbedder(io, chosen, await store.storedEmbedder());
  } catch (error) {
    await store.close();
    throw error;
  }
  if (embedder.hint !== undefined) io.stderr(`${embedder.hint}\n`);
  const loader = new SafeResourceLoader({
    roots: [...(options.roots ?? [])],
    allowedHosts: [...(options.allowHosts ?? [])],
    ...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }),
  });
  return createMemory({ store, loader, ...chosen, ...(embedder.embedder === undefined ? {} : { embedder: embedder.embedder }) });
}
