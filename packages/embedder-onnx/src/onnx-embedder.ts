import { readFileSync } from "node:fs";
import { Tokenizer } from "@huggingface/tokenizers";
import type { Embedder } from "@memograph/core";
import type { InferenceSession, Tensor } from "onnxruntime-node";
import { DEFAULT_MODEL_DIR, modelFiles } from "./model-files.js";

export interface OnnxEmbedderOptions {
  /** Folder with `model.onnx` and the tokenizer files. Default: the package's own `model/`. */
  readonly modelDir?: string;
  /** Texts per model run. Default 32. */
  readonly batchSize?: number;
  /** Threads of one model run. Default: onnxruntime's (every core). */
  readonly threads?: number;
}

// sentence-transformers' setting for all-MiniLM-L6-v2: longer inputs are cut, as its own encode() does.
const MAX_TOKENS = 256;
const DIMENSIONS = 384;

interface Loaded {
  readonly session: InferenceSession;
  readonly tensor: typeof Tensor;
}

/**
 * all-MiniLM-L6-v2 (int8 ONNX) run in-process with onnxruntime-node: a semantic embedder with no key, no server and
 * no download. Mean pooling over the tokens, L2-normalised, as sentence-transformers does. The files are checked when
 * the embedder is built (a missing one is a ModelFilesMissingError); the model loads on the first `embed`.
 */
export class OnnxEmbedder implements Embedder {
  /** The identity a store records for this embedder's vectors. */
  static readonly ID = "onnx-all-MiniLM-L6-v2-int8";
  readonly id = OnnxEmbedder.ID;
  readonly dimensions = DIMENSIONS;
  private readonly tokenizer: Tokenizer;
  private readonly modelPath: string;
  private readonly batchSize: number;
  private readonly threads: number | undefined;
  private loaded: Promise<Loaded> | undefined;

  constructor(options: OnnxEmbedderOptions = {}) {
    const files = modelFiles(options.modelDir ?? DEFAULT_MODEL_DIR);
    this.tokenizer = new Tokenizer(JSON.parse(readFileSync(files["tokenizer.json"], "utf8")), JSON.parse(readFileSync(files["tokenizer_config.json"], "utf8")));
    this.modelPath = files["model.onnx"];
    this.batchSize = options.batchSize ?? 32;
    this.threads = options.threads;
  }

  async embed(texts: readonly string[]): Promise<number[][]> {
    const { session, tensor } = await this.load();
    const encoded = texts.map((text) => this.tokens(text));
    // Similar lengths share a batch, so little of a run is padding.
    const order = encoded.map((_ids, index) => index).sort((a, b) => encoded[a]!.length - encoded[b]!.length);
    const vectors: number[][] = new Array(texts.length);
    for (let start = 0; start < order.length; start += this.batchSize) {
      const batch = order.slice(start, start + this.batchSize);
      const pooled = await this.run(session, tensor, batch.map((index) => encoded[index]!));
      batch.forEach((index, row) => (vectors[index] = pooled[row]!));
    }
    return vectors;
  }

  private tokens(text: string): number[] {
    const ids = this.tokenizer.encode(text).ids;
    // Keep [CLS] … and the closing [SEP] when cutting.
    return ids.length <= MAX_TOKENS ? ids : [...ids.slice(0, MAX_TOKENS - 1), ids.at(-1)!];
  }

  private async run(session: InferenceSession, tensor: typeof Tensor, batch: readonly number[][]): Promise<number[][]> {
    const width = Math.max(...batch.map((ids) => ids.length));
    const ids = new BigInt64Array(batch.length * width);
    const mask = new BigInt64Array(batch.length * width);
    batch.forEach((tokens, row) =>
      tokens.forEach((id, column) => {
        ids[row * width + column] = BigInt(id);
        mask[row * width + column] = 1n;
      }),
    );
    const shape = [batch.length, width];
    const output = await session.run({
      input_ids: new tensor("int64", ids, shape),
      attention_mask: new tensor("int64", mask, shape),
      token_type_ids: new tensor("int64", new BigInt64Array(batch.length * width), shape),
    });
    const hidden = output.last_hidden_state!.data as Float32Array;
    return batch.map((tokens, row) => {
      const vector = new Array<number>(DIMENSIONS).fill(0);
      for (let column = 0; column < tokens.length; column++) {
        const offset = (row * width + column) * DIMENSIONS;
        for (let dim = 0; dim < DIMENSIONS; dim++) vector[dim]! += hidden[offset + dim]!;
      }
      const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0)) || 1;
      // Mean then L2 normalisation: the mean's divisor cancels out.
      return vector.map((value) => value / norm);
    });
  }

  private load(): Promise<Loaded> {
    this.loaded ??= (async () => {
      const ort = await import("onnxruntime-node");
      const session = await ort.InferenceSession.create(this.modelPath, {
        graphOptimizationLevel: "all",
        // Idle worker threads sleep instead of spinning: in a process that also serves requests, or on cores shared
        // with other work, spinning burnt 40–60% more CPU for a memorize no faster (bench/README.md, Embed cost).
        extra: { session: { intra_op: { allow_spinning: "0" } } },
        ...(this.threads === undefined ? {} : { intraOpNumThreads: this.threads, interOpNumThreads: 1 }),
      });
      return { session, tensor: ort.Tensor };
    })().catch((error: unknown) => {
      // A failed load is not cached: the next call tries again.
      this.loaded = undefined;
      throw error;
    });
    return this.loaded;
  }
}
