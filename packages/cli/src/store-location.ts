import path from "node:path";
import { ValidationError } from "@memograph/core";
import type { configSchema } from "./config.js";
import type { CliIo } from "./io.js";
import type { z } from "zod";

/** Where the memories (and the server's keys and tasks) live. */
export type StoreLocation =
  | { readonly kind: "embedded"; readonly dir: string }
  | { readonly kind: "neo4j"; readonly uri: string; readonly user: string; readonly password: string };

/**
 * The store the command works on: `--store`, `MEMOGRAPH_STORE` or the config's `store` (default embedded); the
 * embedded one in `--dir`, `MEMOGRAPH_DIR`, the config's `dir` or `./.memograph`; Neo4j from NEO4J_URI, NEO4J_USER,
 * NEO4J_PASSWORD.
 */
export function storeLocation(io: CliIo, config: z.output<typeof configSchema>, options: { readonly store?: string; readonly dir?: string }): StoreLocation {
  const kind = options.store ?? io.env.MEMOGRAPH_STORE ?? config.store ?? "embedded";
  if (kind === "neo4j") {
    const uri = io.env.NEO4J_URI;
    if (!uri) throw new ValidationError("--store neo4j needs NEO4J_URI (and NEO4J_USER, NEO4J_PASSWORD)", [{ path: "NEO4J_URI", message: "not set" }]);
    return { kind, uri, user: io.env.NEO4J_USER ?? "neo4j", password: io.env.NEO4J_PASSWORD ?? "" };
  }
  if (kind !== "embedded") throw new ValidationError(`Unknown store ${JSON.stringify(kind)}`, [{ path: "store", message: "expected embedded or neo4j" }]);
  return { kind, dir: path.resolve(io.cwd, options.dir ?? io.env.MEMOGRAPH_DIR ?? config.dir ?? ".memograph") };
}
