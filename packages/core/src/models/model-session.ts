import type { z } from "zod";
import { ModelError, ModelNotConfiguredError } from "../errors/index.js";
import type { ChatMessage, ContentPart, StructuredMode, TokenUsage, TranscriptSegment } from "../ports/index.js";
import { withRetries } from "./attempt.js";
import { parseJsonAnswer } from "./json-answer.js";
import type { ModelRouter, ModelStep } from "./model-router.js";
import { strictJsonSchema } from "./strict-schema.js";

export interface ObjectRequest<T> {
  readonly system: string;
  readonly user: string | readonly ContentPart[];
  /**
   * What the model must write, and the checks its answer must pass. No transforms or defaults: the model sees this
   * schema's input side as a strict JSON Schema, so ids it chooses from belong in an enum built for the call, and
   * what the caller does with the answer happens after parsing.
   */
  readonly schema: z.ZodType<T>;
  readonly schemaName: string;
}

/** Where a session counts its model calls: the operation's usage tracker (engine/usage.ts). */
export interface CallCounter {
  recordCall(step: string, profile: string, tokens: TokenUsage | null, mode?: StructuredMode): void;
  recordRepair(step: string, profile: string): void;
}

/** The model calls of one operation: routed to profiles, retried, validated, and counted in its usage. */
export class ModelSession {
  constructor(
    readonly router: ModelRouter,
    private readonly usage: CallCounter,
  ) {}

  hasChat(step: ModelStep): boolean {
    return this.router.chat(step) !== null;
  }

  /**
   * Asks for one JSON object of `schema`, natively where the model's adapter can (see `CompletionRequest.json`) and
   * in the prompt always. An answer that is not JSON, or not of the schema, goes back to the model with what was
   * wrong, up to `maxRepairs` times; then the call fails with a `ModelError` (`invalid_output`). Usage counts each
   * call's structured output mode and the repairs.
   */
  async object<T>(step: ModelStep, request: ObjectRequest<T>, purpose: string = step): Promise<T> {
    const { profile, model } = this.router.requireChat(step, purpose);
    const jsonSchema = strictJsonSchema(request.schema, request.schemaName);
    const messages: ChatMessage[] = [
      { role: "system", content: `${request.system}\n\nAnswer with one JSON object (${request.schemaName}) and nothing else. Its JSON Schema:\n${JSON.stringify(jsonSchema)}` },
      { role: "user", content: request.user },
    ];
    let problem = "";
    for (let repair = 0; repair <= this.router.settings.maxRepairs; repair += 1) {
      const answer = await withRetries(
        this.router,
        { profile, step },
        (signal) => model.complete({ messages, json: { name: request.schemaName, schema: jsonSchema }, signal }),
        (result) => this.usage.recordCall(step, profile, result?.usage ?? null, result === null ? undefined : (result.mode ?? "prompt")),
      );
      const parsed = parseJsonAnswer(answer.text, request.schema);
      if (parsed.ok) return parsed.value;
      problem = parsed.problem;
      if (repair < this.router.settings.maxRepairs) this.usage.recordRepair(step, profile);
      messages.push(
        { role: "assistant", content: answer.text },
        { role: "user", content: `That answer is invalid: ${problem}\nAnswer again with only the corrected JSON object.` },
      );
    }
    throw new ModelError(`${step}: the "${profile}" model gave no valid ${request.schemaName} after ${this.router.settings.maxRepairs + 1} answers: ${problem}`, {
      reason: "invalid_output",
      profile,
      step,
      attempts: this.router.settings.maxRepairs + 1,
    });
  }

  async transcribe(audio: Uint8Array, mediaType: string, fileName: string): Promise<{ text: string; segments: readonly TranscriptSegment[] }> {
    const found = this.router.transcriber();
    if (found === null) throw new ModelNotConfiguredError("audio needs a transcription model: configure the \"transcription\" profile", "transcription");
    return withRetries(
      this.router,
      { profile: found.profile, step: "transcribe" },
      (signal) => found.model.transcribe({ audio, mediaType, fileName, signal }),
      () => this.usage.recordCall("transcribe", found.profile, null),
    );
  }
}
