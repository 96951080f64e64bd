import { HashingEmbedder, ValidationError, type Embedder, type EmbedderInfo, type MemoryOptions } from "@memograph/core";
import { OnnxEmbedder } from "@memograph/embedder-onnx";
import type { CliIo } from "./io.js";

/** The embedders the CLI can build by name (`MEMOGRAPH_EMBEDDER`, `reindex --embedder`); the first is the default. */
export const EMBEDDER_NAMES = ["onnx", "hashing"] as const;
const DEFAULT_EMBEDDER = EMBEDDER_NAMES[0];

export function embedderNamed(name: string): Embedder {
  if (name === "onnx") return new OnnxEmbedder();
  if (name === "hashing") return new HashingEmbedder();
  throw new ValidationError(`Unknown embedder ${JSON.stringify(name)}`, [{ path: "MEMOGRAPH_EMBEDDER", message: `expected ${EMBEDDER_NAMES.join(" or ")}` }]);
}

/** The offline embedder that wrote a store's vectors, from the identity the store records; null for any other. */
export function recordedEmbedder(stored: EmbedderInfo): { readonly name: string; readonly embedder: Embedder } | null {
  if (stored.id === OnnxEmbedder.ID) return { name: "onnx", embedder: new OnnxEmbedder() };
  const hashing = new HashingEmbedder({ dimensions: stored.dimensions });
  return hashing.id === stored.id ? { name: "hashing", embedder: hashing } : null;
}

/** The embedder a model profile of the config brings, if any. */
export function profileEmbedder(models: Pick<MemoryOptions, "profiles">): Embedder | undefined {
  return models.profiles?.embedding?.embedder ?? models.profiles?.default?.embedder;
}

/**
 * The embedder when no model profile brings one: `MEMOGRAPH_EMBEDDER` when set; else the one an existing store was
 * built with (so a store made by the earlier hashing default still opens, with a hint to `memograph reindex`); else
 * the local ONNX model (semantic, offline).
 */
export function defaultEmbedder(io: CliIo, models: Pick<MemoryOptions, "profiles">, stored: EmbedderInfo | null): { embedder?: Embedder; hint?: string } {
  if (profileEmbedder(models) !== undefined) return {};
  const named = io.env.MEMOGRAPH_EMBEDDER;
  if (named !== undefined) return { embedder: embedderNamed(named) };
  const recorded = stored === null ? null : recordedEmbedder(stored);
  if (recorded === null || recorded.name === DEFAULT_EMBEDDER) return { embedder: embedderNamed(DEFAULT_EMBEDDER) };
  return {
    embedder: recorded.embedder,
    hint: `memograph: this store was built with the ${recorded.name} embedder (${recorded.embedder.id}) and is opened with it; run \`memograph reindex\` to move it to the default ${DEFAULT_EMBEDDER} embedder (semantic search).`,
  };
}
