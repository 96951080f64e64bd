import path from "node:path";
import { createMemory, SafeResourceLoader, ValidationError, type MemoryService } from "@memograph/core";
import { Neo4jStore } from "@memograph/neo4j";
import { loadConfig, modelOptions } from "./config.js";
import { defaultEmbedder } from "./embedder.js";
import type { CliIo } from "./io.js";

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
  const kind = options.store ?? io.env.MEMOGRAPH_STORE ?? config.store ?? "embedded";
  const loader = new SafeResourceLoader({
    roots: [...(options.roots ?? [])],
    allowedHosts: [...(options.allowHosts ?? [])],
    ...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }),
  });
  if (kind === "neo4j") {
    const uri = io.env.NEO4J_URI;
    if (!uri) throw new ValidationError("--store neo4j needs NEO4J_URI (and NEO4J_USER, NEO4J_PASSWORD)", [{ path: "NEO4J_URI", message: "not set" }]);
    const store = new Neo4jStore({ uri, user: io.env.NEO4J_USER ?? "neo4j", password: io.env.NEO4J_PASSWORD ?? "" });
    return createMemory({ store, loader, ...models });
  }
  if (kind !== "embedded") throw new ValidationError(`Unknown store ${JSON.stringify(kind)}`, [{ path: "store", message: "expected embedded or neo4j" }]);
  return createMemory({ dir: path.resolve(io.cwd, options.dir ?? io.env.MEMOGRAPH_DIR ?? config.dir ?? ".memograph"), loader, ...models });
}
