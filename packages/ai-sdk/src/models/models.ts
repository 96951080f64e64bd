import { fallbackChain, StructuredFallback, type ChatMessage, type Completion, type CompletionRequest, type Embedder, type LanguageModel, type StructuredMode, type Transcriber, type TranscriptSegment } from "@memograph/core";
import { embedMany, experimental_transcribe as transcribe, generateText, jsonSchema, NoObjectGeneratedError, Output, type EmbeddingModel, type JSONSchema7, type LanguageModel as AiLanguageModel, type ModelMessage, type TranscriptionModel } from "ai";

/** System and assistant messages carry text only in the AI SDK; memograph sends images in user messages. */
function textOnly(content: ChatMessage["content"]): string {
  return typeof content === "string" ? content : content.map((part) => (part.type === "text" ? part.text : "")).join("\n");
}

function toModelMessage(message: ChatMessage): ModelMessage {
  if (message.role === "system") return { role: "system", content: textOnly(message.content) };
  if (message.role === "assistant") return { role: "assistant", content: textOnly(message.content) };
  return {
    role: "user",
    content: typeof message.content === "string" ? message.content : message.content.map((part) => (part.type === "text" ? { type: "text" as const, text: part.text } : { type: "image" as const, image: part.data, mediaType: part.mediaType })),
  };
}

/** How JSON is asked of an AI SDK model: structured output with the schema, JSON without one, or the prompt only. */
export type AiSdkStructuredMode = Extract<StructuredMode, "json_schema" | "json_object" | "prompt">;
const FALLBACK_ORDER: readonly AiSdkStructuredMode[] = ["json_schema", "json_object", "prompt"];

function outputFor(mode: AiSdkStructuredMode, json: NonNullable<CompletionRequest["json"]>) {
  if (mode === "json_schema") return { output: Output.object({ schema: jsonSchema<unknown>(json.schema as JSONSchema7), name: json.name }) };
  return mode === "json_object" ? { output: Output.json({ name: json.name }) } : {};
}

function modelName(model: AiLanguageModel | EmbeddingModel | TranscriptionModel): string {
  return typeof model === "string" ? model : `${model.provider}:${model.modelId}`;
}

/**
 * An AI SDK language model as memograph's language model port. JSON requests use structured output with the
 * engine's strict JSON Schema (`Output.object`; the provider picks its native mechanism), falling back to JSON
 * without a schema, then to the prompt alone, when the endpoint answers 400 that it does not support the mode.
 */
export function aiSdkLanguageModel(model: AiLanguageModel, options: { readonly structuredOutput?: AiSdkStructuredMode } = {}): LanguageModel {
  const fallback = new StructuredFallback(fallbackChain(options.structuredOutput ?? "json_schema", FALLBACK_ORDER));
  const generate = async (request: CompletionRequest, mode: AiSdkStructuredMode | undefined): Promise<Completion> => {
    try {
      const result = await generateText({
        model,
        messages: request.messages.map(toModelMessage),
        allowSystemInMessages: true,
        maxRetries: 0,
        abortSignal: request.signal,
        ...(mode === undefined || request.json === undefined ? {} : outputFor(mode, request.json)),
      });
      return { text: result.text, usage: { inputTokens: result.usage.inputTokens ?? 0, outputTokens: result.usage.outputTokens ?? 0 }, ...(mode === undefined ? {} : { mode }) };
    } catch (error) {
      // Output that is not JSON of the schema goes back to the engine, which shows the model what was wrong.
      if (NoObjectGeneratedError.isInstance(error) && error.text !== undefined) {
        return { text: error.text, usage: { inputTokens: error.usage?.inputTokens ?? 0, outputTokens: error.usage?.outputTokens ?? 0 }, ...(mode === undefined ? {} : { mode }) };
      }
      throw error;
    }
  };
  return {
    id: `ai-sdk:${modelName(model)}`,
    complete: (request) => (request.json === undefined ? generate(request, undefined) : fallback.run((mode) => generate(request, mode))),
  };
}

/** An AI SDK embedding model as memograph's embedder port. */
export function aiSdkEmbedder(model: EmbeddingModel, dimensions: number): Embedder {
  return {
    id: `ai-sdk:${modelName(model)}:${dimensions}`,
    dimensions,
    async embed(texts) {
      if (texts.length === 0) return [];
      const { embeddings } = await embedMany({ model, values: [...texts], maxRetries: 0 });
      return embeddings;
    },
  };
}

/** An AI SDK transcription model as memograph's transcriber port. */
export function aiSdkTranscriber(model: TranscriptionModel): Transcriber {
  return {
    id: `ai-sdk:${modelName(model)}`,
    async transcribe(request): Promise<{ text: string; segments: TranscriptSegment[] }> {
      const result = await transcribe({ model, audio: request.audio, maxRetries: 0, abortSignal: request.signal });
      return { text: result.text, segments: result.segments.map((segment) => ({ startMs: Math.round(segment.startSecond * 1000), endMs: Math.round(segment.endSecond * 1000), text: segment.text.trim() })) };
    },
  };
}
