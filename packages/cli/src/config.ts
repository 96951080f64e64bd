import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { MODEL_STEPS, PROMPT_STEPS, ValidationError, type MemoryOptions, type ModelProfile } from "@memograph/core";
// The schema alone: the LangChain and OpenAI SDKs load only when a profile is built (a second of every command's start).
import { openAIProfileOptionsSchema, type OpenAIProfileOptions } from "@memograph/langchain/openai-profile-options";
import { createJiti } from "jiti";
import { z } from "zod";
import type { CliIo } from "./io.js";

const CONFIG_FILES = ["memograph.config.ts", "memograph.config.mjs", "memograph.config.js", "memograph.config.json"];

/** A ready ModelProfile (from a .ts/.js config) has a model under one of these keys; openAIProfile options have none. */
function isModelProfile(value: unknown): value is ModelProfile {
  return typeof value === "object" && value !== null && ["chat", "embedder", "transcriber"].some((key) => key in value);
}

/** A profile in a config file: OpenAI-compatible settings, or (in a .ts/.js config) a ready ModelProfile. */
const profileEntry = z.union([openAIProfileOptionsSchema, z.custom<ModelProfile>(isModelProfile, "a ModelProfile")]);

export const configSchema = z
  .object({
    store: z.enum(["embedded", "neo4j"]).optional(),
    dir: z.string().min(1).optional(),
    provider: z.enum(["offline", "openai"]).optional(),
    profiles: z.record(z.string().min(1), profileEntry).optional(),
    steps: z.partialRecord(z.enum(MODEL_STEPS), z.string().min(1)).optional(),
    prompts: z.partialRecord(z.enum(PROMPT_STEPS), z.string().min(1)).optional(),
    modelSettings: z.record(z.string(), z.number()).optional(),
  })
  .strict();
export type MemographConfig = z.input<typeof configSchema>;

/** Reads `--config`, else the first memograph.config.{ts,mjs,js,json} in the working folder; none is fine. */
export async function loadConfig(io: CliIo, file: string | undefined): Promise<z.output<typeof configSchema>> {
  const found = file === undefined ? CONFIG_FILES.map((name) => path.join(io.cwd, name)).find((candidate) => existsSync(candidate)) : path.resolve(io.cwd, file);
  if (found === undefined) return {};
  let raw: unknown;
  try {
    raw = found.endsWith(".json") ? JSON.parse(await readFile(found, "utf8")) : await createJiti(import.meta.url).import(found, { default: true });
  } catch (cause) {
    throw new ValidationError(`Cannot read config ${found}: ${(cause as Error).message}`, [{ path: "config", message: (cause as Error).message }]);
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) throw ValidationError.fromZod(`config ${path.basename(found)}`, parsed.error);
  return parsed.data;
}

/**
 * The model options the CLI runs with. `--provider offline` (or MEMOGRAPH_PROVIDER) forces offline; profiles from
 * the config file come next (each OpenAI-compatible one with its own `structuredOutput` mode); else OPENAI_API_KEY
 * (with OPENAI_BASE_URL, and MEMOGRAPH_STRUCTURED_OUTPUT for the mode) gives an OpenAI-compatible default profile
 * for chat, vision and transcription. Embeddings stay offline unless configured, so a store keeps its embedder.
 */
export async function modelOptions(io: CliIo, config: z.output<typeof configSchema>, provider: string | undefined): Promise<Pick<MemoryOptions, "profiles" | "steps" | "prompts" | "modelSettings">> {
  const chosen = provider ?? io.env.MEMOGRAPH_PROVIDER ?? config.provider ?? (io.env.OPENAI_API_KEY ? "openai" : "offline");
  if (chosen === "offline") return {};
  if (chosen !== "openai") throw new ValidationError(`Unknown provider ${JSON.stringify(chosen)}`, [{ path: "provider", message: "expected offline or openai" }]);
  const { openAIProfile } = await import("@memograph/langchain");
  const shared = { ...(config.steps ? { steps: config.steps } : {}), ...(config.prompts ? { prompts: config.prompts } : {}), ...(config.modelSettings ? { modelSettings: config.modelSettings } : {}) };
  if (config.profiles !== undefined) {
    const profiles = Object.fromEntries(
      Object.entries(config.profiles).map(([name, entry]) => {
        return [name, isModelProfile(entry) ? entry : openAIProfile(entry, io.env)];
      }),
    );
    return { profiles, ...shared };
  }
  if (!io.env.OPENAI_API_KEY) throw new ValidationError("--provider openai needs OPENAI_API_KEY or profiles in a config file", [{ path: "OPENAI_API_KEY", message: "not set" }]);
  const profile = openAIProfile(
    {
      chatModel: io.env.MEMOGRAPH_CHAT_MODEL ?? "gpt-4.1-mini",
      transcriptionModel: io.env.MEMOGRAPH_TRANSCRIPTION_MODEL ?? "whisper-1",
      ...(io.env.MEMOGRAPH_STRUCTURED_OUTPUT ? { structuredOutput: io.env.MEMOGRAPH_STRUCTURED_OUTPUT as OpenAIProfileOptions["structuredOutput"] } : {}),
      ...(io.env.MEMOGRAPH_EMBEDDING_MODEL ? { embeddingModel: io.env.MEMOGRAPH_EMBEDDING_MODEL, dimensions: Number(io.env.MEMOGRAPH_EMBEDDING_DIMENSIONS ?? 1536) } : {}),
    },
    io.env,
  );
  return { profiles: { default: profile }, ...shared };
}
