import type { ChatMessage, CompletionRequest, Embedder, LanguageModel, TokenUsage, Transcriber, TranscriptSegment } from "@memograph/core";
import { embedMany, experimental_transcribe as transcribe, generateText, NoObjectGeneratedError, Output, type EmbeddingModel, type LanguageModel as AiLanguageModel, type ModelMessage, type TranscriptionModel } from "ai";

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

function modelName(model: AiLanguageModel | EmbeddingModel | TranscriptionModel): string {
  return typeof model === "string" ? model : `${model.provider}:${model.modelId}`;
}

/** An AI SDK language model as memograph's language model port; JSON requests use the provider's JSON mode. */
export function aiSdkLanguageModel(model: AiLanguageModel): LanguageModel {
  return {
    id: `ai-sdk:${modelName(model)}`,
    async complete(request: CompletionRequest): Promise<{ text: string; usage: TokenUsage }> {
      const messages = request.messages.map(toModelMessage);
      try {
        const result = await generateText({
          model,
          messages,
          allowSystemInMessages: true,
          maxRetries: 0,
          abortSignal: request.signal,
          ...(request.json === undefined ? {} : { output: Output.json({ name: request.json.name }) }),
        });
        return { text: result.text, usage: { inputTokens: result.usage.inputTokens ?? 0, outputTokens: result.usage.outputTokens ?? 0 } };
      } catch (error) {
        // Output that is not JSON goes back to the engine, which shows the model what was wrong.
        if (NoObjectGeneratedError.isInstance(error) && error.text !== undefined) {
          return { text: error.text, usage: { inputTokens: error.usage?.inputTokens ?? 0, outputTokens: error.usage?.outputTokens ?? 0 } };
        }
        throw error;
      }
    },
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
