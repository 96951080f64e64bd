import pLimit, { type LimitFunction } from "p-limit";
import { ModelNotConfiguredError } from "../errors/index.js";
import type { Embedder, LanguageModel, ModelProfile, Transcriber } from "../ports/index.js";

/** The pipeline steps that call a model. */
export const MODEL_STEPS = ["caption", "transcribe", "extract", "reconcile", "summarize", "rewrite", "rank", "reorganize", "embed"] as const;
export type ModelStep = (typeof MODEL_STEPS)[number];

/** Profiles each step tries, in order, unless `steps` maps it elsewhere (memU's profile names). */
const DEFAULT_PROFILES: Record<ModelStep, readonly string[]> = {
  caption: ["vision", "default"],
  transcribe: ["transcription", "default"],
  embed: ["embedding", "default"],
  extract: ["default"],
  reconcile: ["default"],
  summarize: ["default"],
  rewrite: ["default"],
  rank: ["default"],
  reorganize: ["default"],
};

export interface ModelSettings {
  /** Per attempt. Default 60 s. */
  readonly timeoutMs: number;
  /** Retries of one call on 429, 5xx, timeouts and network errors, with exponential backoff. Default 3. */
  readonly maxRetries: number;
  /** Extra attempts when the answer is not valid JSON of the expected shape; the model sees what was wrong. Default 2. */
  readonly maxRepairs: number;
  /** Model calls in flight at once, across every operation of this service. Default 4. */
  readonly concurrency: number;
  /** First backoff delay; it doubles per retry up to 30 s. Default 500 ms. */
  readonly backoffMs: number;
}

export const DEFAULT_MODEL_SETTINGS: ModelSettings = { timeoutMs: 60_000, maxRetries: 3, maxRepairs: 2, concurrency: 4, backoffMs: 500 };

/** Resolves which profile serves each step, and holds what every call shares (settings, the concurrency limit). */
export class ModelRouter {
  readonly limit: LimitFunction;

  constructor(
    private readonly profiles: Readonly<Record<string, ModelProfile>>,
    private readonly steps: Partial<Record<ModelStep, string>>,
    readonly settings: ModelSettings,
  ) {
    this.limit = pLimit(settings.concurrency);
  }

  chat(step: ModelStep): { profile: string; model: LanguageModel } | null {
    return this.find(step, (profile) => profile.chat);
  }

  transcriber(): { profile: string; model: Transcriber } | null {
    return this.find("transcribe", (profile) => profile.transcriber);
  }

  embedder(): Embedder | undefined {
    return this.find("embed", (profile) => profile.embedder)?.model;
  }

  requireChat(step: ModelStep, purpose: string): { profile: string; model: LanguageModel } {
    const found = this.chat(step);
    if (found === null) throw new ModelNotConfiguredError(`${purpose} needs a chat model: configure the "${this.candidates(step)[0]}" profile`, this.candidates(step)[0]!);
    return found;
  }

  private candidates(step: ModelStep): readonly string[] {
    const mapped = this.steps[step];
    return mapped === undefined ? DEFAULT_PROFILES[step] : [mapped];
  }

  private find<T>(step: ModelStep, pick: (profile: ModelProfile) => T | undefined): { profile: string; model: T } | null {
    for (const name of this.candidates(step)) {
      const profile = this.profiles[name];
      const model = profile === undefined ? undefined : pick(profile);
      if (model !== undefined) return { profile: name, model };
    }
    return null;
  }
}
