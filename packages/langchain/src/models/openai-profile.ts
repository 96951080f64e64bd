import { ChatOpenAI, OpenAIEmbeddings } from "@langchain/openai";
import { ValidationError, type ModelProfile } from "@memograph/core";
import { z } from "zod";
import { LangChainLanguageModel } from "./chat-model.js";
import { LangChainEmbedder } from "./embedder.js";
import { OpenAITranscriber } from "./openai-transcriber.js";

export const openAIProfileOptionsSchema = z
  .object({
    /** Default: OPENAI_API_KEY. */
    apiKey: z.string().min(1).optional(),
    /** An OpenAI-compatible endpoint (vLLM, Ollama, LM Studio, Azure's v1, ...). Default: OPENAI_BASE_URL, else OpenAI. */
    baseURL: z.url().optional(),
    chatModel: z.string().min(1).optional(),
    embeddingModel: z.string().min(1).optional(),
    /** Required with `embeddingModel`: the store records it and refuses vectors of another size. */
    dimensions: z.number().int().min(1).optional(),
    transcriptionModel: z.string().min(1).optional(),
    temperature: z.number().min(0).max(2).optional(),
    /** Ask for JSON with the endpoint's JSON mode (`response_format: json_object`). Default true. */
    jsonMode: z.boolean().default(true),
  })
  .strict()
  .refine((options) => options.embeddingModel === undefined || options.dimensions !== undefined, { message: "dimensions is required with embeddingModel", path: ["dimensions"] });
export type OpenAIProfileOptions = z.input<typeof openAIProfileOptionsSchema>;

/**
 * A memograph model profile on an OpenAI-compatible endpoint, through @langchain/openai (chat, embeddings) and the
 * openai SDK (transcription). Clients make one attempt per call: the engine owns retries and timeouts.
 */
export function openAIProfile(rawOptions: OpenAIProfileOptions, env: NodeJS.ProcessEnv = process.env): ModelProfile {
  const parsed = openAIProfileOptionsSchema.safeParse(rawOptions);
  if (!parsed.success) throw ValidationError.fromZod("openAIProfile options", parsed.error);
  const options = parsed.data;
  const apiKey = options.apiKey ?? env.OPENAI_API_KEY;
  if (apiKey === undefined) throw new ValidationError("openAIProfile needs an API key", [{ path: "apiKey", message: "set apiKey or OPENAI_API_KEY" }]);
  const baseURL = options.baseURL ?? env.OPENAI_BASE_URL;
  const configuration = baseURL === undefined ? {} : { baseURL };
  return {
    ...(options.chatModel === undefined
      ? {}
      : {
          chat: new LangChainLanguageModel(
            new ChatOpenAI({ model: options.chatModel, apiKey, configuration, maxRetries: 0, ...(options.temperature === undefined ? {} : { temperature: options.temperature }) }),
            { id: `openai:${options.chatModel}`, ...(options.jsonMode ? { jsonCallOptions: { response_format: { type: "json_object" } } } : {}) },
          ),
        }),
    ...(options.embeddingModel === undefined
      ? {}
      : {
          embedder: new LangChainEmbedder(
            new OpenAIEmbeddings({ model: options.embeddingModel, dimensions: options.dimensions!, apiKey, configuration, maxRetries: 0 }),
            `openai:${options.embeddingModel}:${options.dimensions}`,
            options.dimensions!,
          ),
        }),
    ...(options.transcriptionModel === undefined ? {} : { transcriber: new OpenAITranscriber({ model: options.transcriptionModel, apiKey, ...(baseURL === undefined ? {} : { baseURL }) }) }),
  };
}
