// pnpm bench:model-cost --data <conv.json> [--questions 20]
// Model calls and tokens of memorize and llm retrieve, per step, beside memU's call pattern for the same input.
// With OPENAI_API_KEY and CHAT_MODEL set it uses that endpoint; otherwise a local OpenAI-compatible fake on 127.0.0.1
// answers with a deterministic script (calls are exact; input tokens are the real prompts at ~4 characters a token).
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createMemory, DEFAULT_MEMORY_TYPES, SafeResourceLoader } from "@memograph/core";
import { scriptedMemoryModel, startFakeOpenAI } from "@memograph/core/fake-openai";
import { openAIProfile } from "@memograph/langchain";
import { loadLocomo } from "../locomo/dataset.js";
import { costRows, markdownTable, memuMemorizeCalls, memuRetrieveCalls, sumRows } from "./cost.js";

const { values } = parseArgs({ options: { data: { type: "string" }, questions: { type: "string", default: "20" } } });
if (!values.data) {
  process.stderr.write("usage: pnpm bench:model-cost --data <locomo conversation .json> [--questions 20]\n");
  process.exit(2);
}
const file = path.resolve(values.data);
const real = process.env.OPENAI_API_KEY !== undefined && process.env.CHAT_MODEL !== undefined;
const fake = real ? undefined : await startFakeOpenAI({ chat: scriptedMemoryModel() });
const memory = await createMemory({
  profiles: { default: openAIProfile({ apiKey: process.env.OPENAI_API_KEY ?? "offline", ...(fake === undefined ? {} : { baseURL: fake.baseURL }), chatModel: process.env.CHAT_MODEL ?? "scripted" }) },
  loader: new SafeResourceLoader({ roots: [path.dirname(file)] }),
});
const scope = { userId: "model-cost" };
const memorized = await memory.memorize({ resourceUrl: file, scope });
const [conversation] = (await loadLocomo(path.dirname(file))).filter((entry) => path.resolve(entry.file) === file);
const questions = (conversation?.questions ?? []).slice(0, Number(values.questions));
const retrieved = [];
for (const question of questions) retrieved.push(await memory.retrieve({ query: question.question, scope, method: "llm" }));
await memory.forget({ scope });
await memory.close();
await fake?.close();

const segments = memorized.usage.steps.extract?.calls ?? 0;
const memu = memuMemorizeCalls({ segments, memoryTypes: DEFAULT_MEMORY_TYPES.length, categories: memorized.categories.length });
const ourRetrieveCalls = retrieved.reduce((sum, result) => sum + result.usage.modelCalls, 0);
const memuRetrieve = retrieved.reduce((sum, result) => sum + memuRetrieveCalls(result.tiers.length), 0);
const extract = costRows(memorized.usage).find((row) => row.step === "extract");
const lines = [
  `date: ${new Date().toISOString().slice(0, 10)}`,
  `machine: ${os.cpus()[0]?.model ?? "unknown CPU"} ×${os.cpus().length}, Node ${process.version}`,
  `model: ${real ? process.env.CHAT_MODEL : "scripted fake over HTTP (calls exact, tokens ≈ characters / 4)"}`,
  `input: ${path.basename(file)}, ${memorized.items.length} items, ${memorized.categories.length} categories, ${segments} segments`,
  "",
  "memorize",
  markdownTable(costRows(memorized.usage)),
  "",
  `memU's pattern for the same input: ${memu.preprocess} segmentation + ${segments} segments × ${DEFAULT_MEMORY_TYPES.length} memory types = ${memu.extract} extraction calls + ${memu.summarize} category calls = **${memu.total} calls** (memograph: ${memorized.usage.modelCalls}).`,
  extract === undefined ? "" : `memU sends each segment once per type: about ${DEFAULT_MEMORY_TYPES.length * extract.inputTokens} extraction input tokens against our ${extract.inputTokens}.`,
  "",
  `llm retrieve, ${questions.length} questions`,
  markdownTable(sumRows(retrieved.map((result) => result.usage))),
  "",
  `Stopped early (sufficient) on ${retrieved.filter((result) => result.sufficient).length} of ${questions.length}. memU's pattern for the same tiers: **${memuRetrieve} calls** (memograph: ${ourRetrieveCalls}).`,
];
process.stdout.write(`${lines.join("\n")}\n`);
