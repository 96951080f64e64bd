import type { Embedder } from "./embedder.js";

export type ContentPart =
  | { readonly type: "text"; readonly text: string }
  | { readonly type: "image"; readonly data: Uint8Array; readonly mediaType: string };

export interface ChatMessage {
  readonly role: "system" | "user" | "assistant";
  readonly content: string | readonly ContentPart[];
}

export interface TokenUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
}

export interface CompletionRequest {
  readonly messages: readonly ChatMessage[];
  /**
   * The answer must be one JSON object of this JSON Schema, which keeps to the subset OpenAI's strict structured
   * outputs accept (every property required, null where a value may be missing, no additional properties).
   * Adapters use the provider's native structured output where it has one; the engine validates and repairs the
   * answer either way, and the system prompt carries the schema too, so an adapter may also ignore it.
   */
  readonly json?: { readonly name: string; readonly schema: Readonly<Record<string, unknown>> };
  readonly signal: AbortSignal;
}

/**
 * How a call asked for its JSON: a native schema (`json_schema`: response format, `tool`: a forced function call,
 * `grammar`: constrained decoding), the provider's JSON mode (`json_object`), or only the prompt (`prompt`).
 */
export type StructuredMode = "json_schema" | "tool" | "grammar" | "json_object" | "prompt";

export interface Completion {
  readonly text: string;
  readonly usage: TokenUsage;
  /** How this call asked for JSON, when it was asked for; counted in usage. Default `prompt`. */
  readonly mode?: StructuredMode;
}

/**
 * A chat model. Adapters make one attempt per call and let errors through: the engine owns timeouts, retries,
 * concurrency and output validation, so every provider fails the same way. An error with `status` (HTTP) or
 * `isRetryable` tells the engine whether a retry can help.
 */
export interface LanguageModel {
  readonly id: string;
  complete(request: CompletionRequest): Promise<Completion>;
}

export interface TranscriptSegment {
  readonly startMs: number;
  readonly endMs: number;
  readonly text: string;
}

/** Speech to text with timings (an OpenAI-compatible `/audio/transcriptions` endpoint, for example). */
export interface Transcriber {
  readonly id: string;
  transcribe(request: {
    readonly audio: Uint8Array;
    readonly mediaType: string;
    readonly fileName: string;
    readonly signal: AbortSignal;
  }): Promise<{ readonly text: string; readonly segments: readonly TranscriptSegment[] }>;
}

/**
 * A named model configuration, as memU's `llm_profiles`: any of a chat model, an embedder and a transcriber. Each
 * pipeline step uses the profile it is mapped to (see `MemoryOptions.steps`).
 */
export interface ModelProfile {
  readonly chat?: LanguageModel;
  readonly embedder?: Embedder;
  readonly transcriber?: Transcriber;
}
