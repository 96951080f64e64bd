import { ChatOpenAI, OpenAIEmbeddings } from "@langchain/openai";
import { ValidationError, type ModelProfile } from "@memograph/core";
import type { z } from "zod";
import { LangChainLanguageModel, type StructuredOutputMethod } from "./chat-model.js";
import { LangChainEmbedder } from "./embedder.js";
import { OpenAITranscriber } from "./openai-transcriber.js";
import { openAIProfileOptionsSchema, type OpenAIProfileOptions } from "./openai-profile-options.js";

const METHODS: Record<z.output<typeof openAIProfileOptionsSchema>["structuredOutput"], StructuredOutputMethod> = { json_schema: "jsonSchema", json_object: "jsonMode", prompt: "prompt" };

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
            { id: `openai:${options.chatModel}`, method: METHODS[options.structuredOutput] },
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
