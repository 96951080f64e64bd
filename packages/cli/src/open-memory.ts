import path from "node:path";
import { createMemory, SafeResourceLoader, type MemoryService } from "@memograph/core";
import type { CliIo } from "./io.js";

export interface StoreOptions {
  readonly dir?: string;
  /** Local folders memorize may read; the CLI adds the folder of the file it is given. */
  readonly roots?: readonly string[];
  readonly allowHosts?: readonly string[];
  readonly maxBytes?: number;
}

/** Opens the embedded store in `--dir`, `MEMOGRAPH_DIR` or `./.memograph`. */
export async function openMemory(io: CliIo, options: StoreOptions): Promise<MemoryService> {
  const dir = path.resolve(io.cwd, options.dir ?? io.env.MEMOGRAPH_DIR ?? ".memograph");
  return createMemory({
    dir,
    loader: new SafeResourceLoader({
      roots: [...(options.roots ?? [])],
      allowedHosts: [...(options.allowHosts ?? [])],
      ...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }),
    }),
  });
}
