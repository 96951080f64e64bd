import type { z } from "zod";
import { z as zod } from "zod";
import { parseInput } from "../engine/inputs.js";
import type { PipelineHooks } from "../engine/usage.js";
import { ValidationError } from "../errors/index.js";
import { SafeResourceLoader } from "../loaders/safe-resource-loader.js";
import { DEFAULT_MAX_CONTENT_BYTES } from "../memorize/inline-content.js";
import type { FfmpegTools } from "../memorize/media/video.js";
import type { MemorizeEngine } from "../memorize/memorize-engine.js";
import { DEFAULT_SEGMENT_LIMITS, type SegmentLimits } from "../memorize/model-extract.js";
import { DEFAULT_CATEGORIES, DEFAULT_MEMORY_TYPES, ScopeSpec, type CategoryDefinition } from "../model/index.js";
import { DEFAULT_MODEL_SETTINGS, MODEL_STEPS, ModelRouter, type ModelSettings, type ModelStep } from "../models/model-router.js";
import { DEFAULT_PROMPTS, PROMPT_STEPS, type Prompts } from "../models/prompts.js";
import type { Embedder, MemoryExtractor, MemoryStore, ModelProfile, ResourceLoader } from "../ports/index.js";
import { HashingEmbedder } from "../providers/offline/hashing-embedder.js";
import { RuleExtractor } from "../providers/offline/rule-extractor.js";
import { AccessRecorder, DEFAULT_ACCESS_RECORDING, type AccessRecording } from "../retrieve/access-recorder.js";
import { KEYWORDS_ONLY, SEMANTIC_FUSION, type FusionWeights } from "../retrieve/rag.js";
import { SqliteStore } from "../stores/embedded/sqlite-store.js";

export interface MemoryOptions {
  /** Where memories live. Default: the embedded SQLite store in `dir`, or in memory when `dir` is not given. */
  readonly store?: MemoryStore;
  /** Folder of the default embedded store. */
  readonly dir?: string;
  /** Default: the embedder of the `embedding` (else `default`) profile, else the offline hashing embedder. */
  readonly embedder?: Embedder;
  /**
   * Model profiles by name, as memU's `llm_profiles`: `default` (chat, and embeddings unless `embedding` is given),
   * `vision` (images, video frames), `transcription` (audio), `embedding`, or any name a step is mapped to. With no
   * chat model, memograph runs offline.
   */
  readonly profiles?: Readonly<Record<string, ModelProfile>>;
  /** Maps a step to a profile name, e.g. `{ summarize: "cheap" }`. */
  readonly steps?: Partial<Record<ModelStep, string>>;
  /** Replaces the instructions of a step; what the step sends as data stays the same. */
  readonly prompts?: Partial<Prompts>;
  /** Called around every pipeline step of memorize and retrieve. */
  readonly hooks?: PipelineHooks;
  /** Timeouts, retries, repairs and the concurrency limit of model calls. */
  readonly modelSettings?: Partial<ModelSettings>;
  /** Segment size of model extraction. */
  readonly segments?: Partial<SegmentLimits>;
  /** Vector similarity from which the reconcile step asks the model about a stored memory. Default 0.8. */
  readonly reconcileSimilarity?: number;
  /**
   * The most bytes (UTF-8, a JSON value serialised) of inline `content` one memorize takes; more is refused with
   * `RESOURCE_REFUSED` (field `content`). Default 25 MiB, as the default loader's limit for files and URLs.
   */
  readonly maxContentBytes?: number;
  /** The ffmpeg and ffprobe executables used for video. Default: found on the PATH. */
  readonly ffmpeg?: Partial<FfmpegTools>;
  /**
   * Replaces the built-in extraction. Default: one structured model call per segment when a chat model serves the
   * `extract` step, else the offline rule extractor.
   */
  readonly extractor?: MemoryExtractor;
  /** Default: local files under the current folder only, no URLs. */
  readonly loader?: ResourceLoader;
  /** The scope's shape. Default: `{ userId, agentId?, sessionId? }`. */
  readonly scopeSchema?: z.ZodObject<z.ZodRawShape>;
  readonly memoryTypes?: readonly string[];
  readonly categories?: readonly CategoryDefinition[];
  /**
   * Weights of vector and keyword search in the reciprocal-rank fusion, and its constant `k`. Default:
   * `SEMANTIC_FUSION`, or keywords only with a lexical embedder (see `Embedder.lexical`).
   */
  readonly fusionWeights?: FusionWeights;
  /**
   * Usage signal: every item a retrieve returns (rag) or picks (llm) counts one access, buffered in process and
   * written in one store write per flush (every `flushIntervalMs`, 1000, when `maxPending` items, 500, are waiting,
   * and on `flushAccesses()` / `close()`). `false` records nothing.
   */
  readonly accessRecording?: false | Partial<AccessRecording>;
  /** Clock, for tests. */
  readonly now?: () => Date;
}

const hasMethod = (method: string) => (value: unknown) => typeof value === "object" && value !== null && typeof (value as Record<string, unknown>)[method] === "function";
const profileSchema = zod
  .object({
    chat: zod.custom(hasMethod("complete"), "a LanguageModel (with complete())").optional(),
    embedder: zod.custom(hasMethod("embed"), "an Embedder (with embed())").optional(),
    transcriber: zod.custom(hasMethod("transcribe"), "a Transcriber (with transcribe())").optional(),
  })
  .strict();

const settingsSchema = zod.object({
  profiles: zod.record(zod.string().min(1), profileSchema).optional(),
  steps: zod.partialRecord(zod.enum(MODEL_STEPS), zod.string().min(1)).optional(),
  prompts: zod.partialRecord(zod.enum(PROMPT_STEPS), zod.string().min(1)).optional(),
  modelSettings: zod
    .object({
      timeoutMs: zod.number().int().min(1),
      maxRetries: zod.number().int().min(0).max(20),
      maxRepairs: zod.number().int().min(0).max(10),
      concurrency: zod.number().int().min(1).max(256),
      backoffMs: zod.number().min(0),
    })
    .partial()
    .optional(),
  segments: zod.object({ maxUnits: zod.number().int().min(1), maxChars: zod.number().int().min(100) }).partial().optional(),
  reconcileSimilarity: zod.number().min(0).max(1).optional(),
  accessRecording: zod
    .union([zod.literal(false), zod.object({ flushIntervalMs: zod.number().int().min(1), maxPending: zod.number().int().min(1) }).partial().strict()])
    .optional(),
  maxContentBytes: zod.number().int().positive().optional(),
  fusionWeights: zod.object({ vector: zod.number().min(0), text: zod.number().min(0), k: zod.number().min(0).optional() }).strict().optional(),
});

/** What a service runs on, built from its options. */
export interface Configured {
  readonly engine: MemorizeEngine;
  readonly fusionWeights: FusionWeights;
  /** Null when `accessRecording` is false. */
  readonly accesses: AccessRecorder | null;
}

/** Checks the options, picks the defaults, and initialises the store (creating or checking its schema). */
export async function configure(options: MemoryOptions): Promise<Configured> {
  const settings = parseInput(settingsSchema, { profiles: options.profiles, steps: options.steps, prompts: options.prompts, modelSettings: options.modelSettings, segments: options.segments, reconcileSimilarity: options.reconcileSimilarity, accessRecording: options.accessRecording, maxContentBytes: options.maxContentBytes, fusionWeights: options.fusionWeights }, "memory options");
  const scopeSpec = new ScopeSpec(options.scopeSchema);
  const models = new ModelRouter(options.profiles ?? {}, settings.steps ?? {}, { ...DEFAULT_MODEL_SETTINGS, ...settings.modelSettings });
  const embedder = options.embedder ?? models.embedder() ?? new HashingEmbedder();
  const store = options.store ?? new SqliteStore(options.dir === undefined ? {} : { dir: options.dir });
  try {
    await store.init({ id: embedder.id, dimensions: embedder.dimensions }, scopeSpec.partitionKey === undefined ? {} : { partitionKey: scopeSpec.partitionKey });
  } catch (error) {
    // Release connections and file handles: a store that failed to start must not keep the process alive.
    await store.close();
    throw error;
  }
  const memoryTypes = options.memoryTypes ?? DEFAULT_MEMORY_TYPES;
  if (memoryTypes.length === 0) throw new ValidationError("memoryTypes is empty", [{ path: "memoryTypes", message: "needs at least one type" }]);
  const engine: MemorizeEngine = {
    store,
    embedder,
    extractor: options.extractor ?? (models.chat("extract") === null ? new RuleExtractor() : undefined),
    loader: options.loader ?? new SafeResourceLoader({ roots: [process.cwd()] }),
    models,
    prompts: { ...DEFAULT_PROMPTS, ...settings.prompts },
    hooks: options.hooks ?? {},
    segments: { ...DEFAULT_SEGMENT_LIMITS, ...settings.segments },
    reconcileSimilarity: settings.reconcileSimilarity ?? 0.8,
    ffmpeg: { ffmpeg: options.ffmpeg?.ffmpeg ?? "ffmpeg", ffprobe: options.ffmpeg?.ffprobe ?? "ffprobe" },
    maxContentBytes: settings.maxContentBytes ?? DEFAULT_MAX_CONTENT_BYTES,
    scopeSpec,
    memoryTypes,
    categories: options.categories ?? DEFAULT_CATEGORIES,
    now: options.now ?? (() => new Date()),
  };
  return {
    engine,
    fusionWeights: settings.fusionWeights ?? (embedder.lexical === true ? KEYWORDS_ONLY : SEMANTIC_FUSION),
    accesses: settings.accessRecording === false ? null : new AccessRecorder(store, { ...DEFAULT_ACCESS_RECORDING, ...settings.accessRecording }),
  };
}
