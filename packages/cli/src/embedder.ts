import { HashingEmbedder, ValidationError, type Embedder, type MemoryOptions } from "@memograph/core";
import { OnnxEmbedder } from "@memograph/embedder-onnx";
import type { CliIo } from "./io.js";

/**
 * The embedder when no model profile brings one: the local ONNX model (semantic, offline) by default;
 * `MEMOGRAPH_EMBEDDER=hashing` keeps a store built by the earlier hashing default readable (`memograph reindex`
 * moves it to the new default).
 */
export function defaultEmbedder(io: CliIo, models: Pick<MemoryOptions, "profiles">): { embedder?: Embedder } {
  if (models.profiles?.embedding?.embedder !== undefined || models.profiles?.default?.embedder !== undefined) return {};
  return { embedder: embedderNamed(io.env.MEMOGRAPH_EMBEDDER ?? "onnx") };
}

export function embedderNamed(name: string): Embedder {
  if (name === "onnx") return new OnnxEmbedder();
  if (name === "hashing") return new HashingEmbedder();
  throw new ValidationError(`Unknown embedder ${JSON.stringify(name)}`, [{ path: "MEMOGRAPH_EMBEDDER", message: "expected onnx or hashing" }]);
}
