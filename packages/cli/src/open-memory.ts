import { createMemory, SafeResourceLoader, type MemoryService } from "@memograph/core";
import { Neo4jStore } from "@memograph/neo4j";
import { loadConfig, modelOptions } from "./config.js";
import { defaultEmbedder } from "./embedder.js";
import type { CliIo } from "./io.js";
import { storeLocation } from "./store-location.js";

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

/**
 * Opens the chosen store (the embedded one in `--dir`, `MEMOGRAPH_DIR`, the config's `dir` or `./.memograph`, or
 * Neo4j) with the chosen models.
 */
export async function openMemory(io: CliIo, options: StoreOptions): Promise<MemoryService> {
  const config = await loadConfig(io, options.config);
  const chosen = modelOptions(io, config, options.provider);
  const models = { ...chosen, ...defaultEmbedder(io, chosen) };
  const location = storeLocation(io, config, options);
  const loader = new SafeResourceLoader({
    roots: [...(options.roots ?? [])],
    allowedHosts: [...(options.allowHosts ?? [])],
    ...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }),
  });
  if (location.kind === "neo4j") return createMemory({ store: new Neo4jStore({ uri: location.uri, user: location.user, password: location.password }), loader, ...models });
  return createMemory({ dir: location.dir, loader, ...models });
}
