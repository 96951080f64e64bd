import { z } from "zod";

// Apart from openAIProfile, which loads @langchain/openai: a config reader (the CLI) validates profiles with this alone
// (subpath `@memograph/langchain/openai-profile-options`) and loads the SDKs only when a profile is used.
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
    /**
     * How JSON is asked for: `json_schema` (structured outputs with the strict schema, the default), `json_object`
     * (JSON mode; the schema is in the prompt) or `prompt` (nothing but the prompt), for endpoints that lack the
     * first. A 400 saying the endpoint does not support the mode falls back to the next one, remembered.
     */
    structuredOutput: z.enum(["json_schema", "json_object", "prompt"]).default("json_schema"),
  })
  .strict()
  .refine((options) => options.embeddingModel === undefined || options.dimensions !== undefined, { message: "dimensions is required with embeddingModel", path: ["dimensions"] });
export type OpenAIProfileOptions = z.input<typeof openAIProfileOptionsSchema>;
