// pnpm bench:llama-cpp --data ../shared/data/locomo/conv-26.json [--model bench/.models/gemma-3-270m-q4_k_m.gguf]
//   [--sessions 1] [--questions 2] [--max-tokens 256] [--max-repairs 2] [--threads 2]
// One real model in the loop: memorize the first sessions of a LoCoMo conversation and llm-retrieve its first
// questions about them, with a local GGUF model on CPU through node-llama-cpp, every JSON answer constrained by a
// grammar compiled from memograph's strict schema. Prints calls, tokens, time, modes and repairs per step, and what
// the model extracted and chose, good or bad. Fetch the default weights first: pnpm bench:llama-cpp:fetch.
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createMemory, MemographError, type LanguageModel } from "@memograph/core";
import { DEFAULT_MODEL_DIR, MODEL_FILE } from "./fetch-model.js";
import { llamaCppLanguageModel } from "./llama-language-model.js";

const { values } = parseArgs({
  options: {
    data: { type: "string" },
    model: { type: "string", default: path.join(DEFAULT_MODEL_DIR, MODEL_FILE) },
    sessions: { type: "string", default: "1" },
    questions: { type: "string", default: "2" },
    "max-tokens": { type: "string", default: "256" },
    threads: { type: "string", default: "2" },
    "max-repairs": { type: "string", default: "2" },
  },
});
if (!values.data) {
  process.stderr.write("usage: pnpm bench:llama-cpp --data <locomo conversation .json> [--model <gguf>] [--sessions 1] [--questions 2]\n");
  process.exit(2);
}
if (!existsSync(values.model)) {
  process.stderr.write(`${values.model} is missing: run pnpm bench:llama-cpp:fetch (or pass --model <any GGUF chat model>)\n`);
  process.exit(2);
}

const sessions = Number(values.sessions);
const raw = JSON.parse(await readFile(values.data, "utf8")) as Record<string, unknown>;
// The first sessions with their dates, in LoCoMo's own layout, so the engine parses them as it parses the full file.
const trimmed = Object.fromEntries(Object.entries(raw).filter(([key]) => key.startsWith("speaker_") || Number(/^session_(\d+)/.exec(key)?.[1] ?? Infinity) <= sessions));
const inScope = (evidence: readonly string[]) => evidence.length > 0 && evidence.every((id) => Number(/^D(\d+):/.exec(id)?.[1] ?? Infinity) <= sessions);
const questions = ((raw.qa ?? []) as { question: string; answer: unknown; evidence?: string[] }[]).filter((qa) => inScope(qa.evidence ?? [])).slice(0, Number(values.questions));

const model = await llamaCppLanguageModel({ modelPath: values.model, maxTokens: Number(values["max-tokens"]), threads: Number(values.threads) });
/** Every call as the model saw it, kept even when the operation fails (its usage is then lost with the error). */
const calls: { name: string; repair: boolean; inputTokens: number; outputTokens: number; ms: number; mode: string; text: string }[] = [];
const recorded: LanguageModel = {
  id: model.id,
  async complete(request) {
    const started = performance.now();
    const completion = await model.complete(request);
    calls.push({ name: request.json?.name ?? "text", repair: request.messages.length > 2, ...completion.usage, ms: performance.now() - started, mode: completion.mode ?? "prompt", text: completion.text });
    return completion;
  },
};
const memory = await createMemory({
  profiles: { default: { chat: recorded } },
  // One local model on CPU: no parallel calls, no retries of a slow answer, minutes per call allowed.
  modelSettings: { concurrency: 1, maxRetries: 0, maxRepairs: Number(values["max-repairs"]), timeoutMs: 1_800_000 },
});
const scope = { userId: "llama-cpp-bench" };
const outcome = async <T>(run: () => Promise<T>): Promise<T | MemographError> => run().catch((error: unknown) => (MemographError.isInstance(error) ? error : Promise.reject(error)));

const memorized = await outcome(() => memory.memorize({ content: trimmed, uri: path.basename(values.data!), scope }));
const retrieved = [];
for (const qa of questions) retrieved.push({ qa, result: await outcome(() => memory.retrieve({ query: qa.question, scope, method: "llm" })) });
await memory.forget({ scope });
await memory.close();
await model.dispose();

const rows = [...new Set(calls.map((call) => call.name))].map((name) => {
  const mine = calls.filter((call) => call.name === name);
  const sum = (pick: (call: (typeof calls)[number]) => number) => mine.reduce((total, call) => total + pick(call), 0);
  return `| ${name} | ${mine.length} | ${mine.filter((call) => call.repair).length} | ${sum((call) => call.inputTokens)} | ${sum((call) => call.outputTokens)} | ${(sum((call) => call.ms) / 1000).toFixed(0)} | ${[...new Set(mine.map((call) => call.mode))].join(", ")} |`;
});
const modelSeconds = calls.reduce((sum, call) => sum + call.ms, 0) / 1000;
const outputTokens = calls.reduce((sum, call) => sum + call.outputTokens, 0);
const lines = [
  `date: ${new Date().toISOString()}`,
  `machine: ${os.cpus()[0]?.model ?? "unknown CPU"} ×${os.cpus().length}, load average ${os.loadavg().map((load) => load.toFixed(1)).join(" ")}, Node ${process.version}`,
  `model: ${path.basename(values.model)} (${((await stat(values.model)).size / 1e6).toFixed(0)} MB), node-llama-cpp CPU, ${values.threads} threads, loaded in ${(model.loadMs / 1000).toFixed(1)} s, answers ≤ ${values["max-tokens"]} tokens`,
  `input: ${path.basename(values.data)}, first ${sessions} session(s), ${questions.length} question(s) about them`,
  "",
  "| request | calls | of which repairs | input tokens | output tokens | time (s) | mode |",
  "|---|---:|---:|---:|---:|---:|---|",
  ...rows,
  "",
  `${calls.length} calls, ${outputTokens} output tokens in ${modelSeconds.toFixed(0)} s (${(outputTokens / Math.max(modelSeconds, 1e-9)).toFixed(2)} tokens/s, prompt processing included)`,
  `first answer: ${calls[0]?.text.slice(0, 400) ?? "(none)"}`,
  "",
  MemographError.isInstance(memorized)
    ? `memorize failed: ${memorized.code}: ${memorized.message}`
    : `memorize: ${memorized.items.length} items, ${memorized.categories.length} categories; first items:\n${memorized.items.slice(0, 5).map((item) => `  - (${item.type}) ${item.summary}`).join("\n") || "  (none)"}`,
  ...retrieved.map(({ qa, result }, index) =>
    MemographError.isInstance(result)
      ? `q${index + 1} "${qa.question}": failed: ${result.code}: ${result.message}`
      : `q${index + 1} "${qa.question}" (gold: ${JSON.stringify(qa.answer)}): tiers ${result.tiers.join(" → ")}, sufficient ${result.sufficient}, top item: ${result.items[0]?.summary ?? "(none)"}`,
  ),
];
process.stdout.write(`${lines.join("\n")}\n`);
