import { Option, type Command } from "commander";
import { reindexStore, type ReindexResult } from "@memograph/core";
import { loadConfig, modelOptions } from "../config.js";
import { EMBEDDER_NAMES, embedderNamed, profileEmbedder } from "../embedder.js";
import type { CliIo } from "../io.js";
import { storeAt, type StoreOptions } from "../open-memory.js";
import { storeLocation } from "../store-location.js";

interface ReindexOptions extends StoreOptions {
  readonly embedder?: string;
  readonly batchSize?: number;
  readonly force?: boolean;
  readonly json?: boolean;
}

export function reindexText(result: ReindexResult): string {
  if (result.from === null) return `The store was empty; it now records the ${result.to.id} embedder.`;
  if (result.reembedded === 0 && result.from.id === result.to.id) return `The store already uses ${result.to.id}: nothing to re-embed.`;
  return `Re-embedded ${result.reembedded} records: ${result.from.id} (${result.from.dimensions} dimensions) → ${result.to.id} (${result.to.dimensions}).`;
}

/**
 * `memograph reindex`: re-embeds every record of the store (all scopes) with the chosen embedder: `--embedder`,
 * else `MEMOGRAPH_EMBEDDER`, else a model profile's, else the default (onnx). Safe to interrupt and run again.
 */
export function registerReindexCommand(program: Command, io: CliIo, parseCount: (value: string) => number): void {
  program
    .command("reindex")
    .description("re-embed every memory of the store with another embedder (e.g. a store built with hashing → onnx); safe to interrupt and rerun")
    .addOption(new Option("--embedder <name>", "the embedder to move to (default: MEMOGRAPH_EMBEDDER, a model profile's, else onnx)").choices([...EMBEDDER_NAMES]))
    .option("--batch-size <n>", "records embedded per step (default 256)", parseCount)
    .option("--force", "re-embed even when the store has this embedder already (after an upgrade that computes vectors anew)")
    .option("--store <store>", "embedded or neo4j (env MEMOGRAPH_STORE; neo4j reads NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD)")
    .option("--dir <dir>", "embedded store folder (env MEMOGRAPH_DIR, default ./.memograph)")
    .addOption(new Option("--provider <provider>", "models: openai or offline (a profile's embedder is used when no --embedder is given)").choices(["offline", "openai"]))
    .option("--config <file>", "config file (default: memograph.config.{ts,mjs,js,json} in the working folder)")
    .option("--json", "print one JSON document on stdout")
    .action(async (options: ReindexOptions) => {
      const config = await loadConfig(io, options.config);
      const name = options.embedder ?? io.env.MEMOGRAPH_EMBEDDER;
      const embedder = name === undefined ? (profileEmbedder(await modelOptions(io, config, options.provider)) ?? embedderNamed(EMBEDDER_NAMES[0])) : embedderNamed(name);
      const store = await storeAt(storeLocation(io, config, options));
      try {
        const result = await reindexStore(store, embedder, {
          ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
          ...(options.force ? { force: true } : {}),
          ...(io.interactive ? { onProgress: (count: number) => io.stderr(`\rre-embedded ${count} records`) } : {}),
        });
        if (io.interactive) io.stderr("\r\x1b[2K");
        io.stdout(`${options.json ? JSON.stringify(result, null, 2) : reindexText(result)}\n`);
      } finally {
        await store.close();
      }
    });
}
