import { agentLogLessonKey } from "@memograph/core";
import { scriptedMemoryModel, startFakeOpenAI } from "@memograph/core/fake-openai";

export interface ExampleModel {
  readonly label: string;
  readonly apiKey: string;
  readonly chatModel: string;
  readonly baseURL?: string;
  close(): Promise<void>;
}

/**
 * Your OpenAI-compatible endpoint when OPENAI_API_KEY is set (OPENAI_BASE_URL and CHAT_MODEL honoured); otherwise a
 * local fake one on 127.0.0.1 whose reconcile answer supersedes a stored lesson about the same failure, as a model
 * reading both would, so the example runs offline.
 */
export async function startModel(): Promise<ExampleModel> {
  const chatModel = process.env.CHAT_MODEL ?? "gpt-4.1-mini";
  if (process.env.OPENAI_API_KEY) {
    const baseURL = process.env.OPENAI_BASE_URL;
    return { label: baseURL ?? "OpenAI", apiKey: process.env.OPENAI_API_KEY, chatModel, ...(baseURL === undefined ? {} : { baseURL }), close: async () => {} };
  }
  const fake = await startFakeOpenAI({ chat: scriptedMemoryModel({ decisions: ({ data }) => ({ decisions: data.split("\n\n").flatMap(decision) }) }) });
  return { label: `local fake endpoint ${fake.baseURL} (set OPENAI_API_KEY to use a real one)`, apiKey: "offline", chatModel, baseURL: fake.baseURL, close: () => fake.close() };
}

/** One block of the reconcile request: `New memory N: text` and its stored candidates `  stored [id] text`. */
function decision(block: string) {
  const head = /^New memory (\d+): (.*)$/m.exec(block);
  if (head === null) return [];
  const key = agentLogLessonKey(head[2]!);
  const stored = [...block.matchAll(/^\s*stored \[([^\]]+)\] (.*)$/gm)].find((match) => key !== null && agentLogLessonKey(match[2]!) === key);
  return [{ memory: Number(head[1]), action: stored === undefined ? "add" : "supersede", target: stored?.[1] ?? null, summary: null }];
}
