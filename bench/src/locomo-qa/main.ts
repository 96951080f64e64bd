// pnpm bench:locomo-qa --data <dir> [--limit N] [--top-k 10] [--store embedded|neo4j] [--json]
// LoCoMo J: retrieve with memograph, answer with a model, judge with a model (CORRECT/WRONG), categories 1–4.
// Endpoint from env: OPENAI_BASE_URL, OPENAI_API_KEY, QA_MODEL (answers), JUDGE_MODEL (default QA_MODEL).
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createOpenAI } from "@ai-sdk/openai";
import { SafeResourceLoader, createMemory } from "@memograph/core";
import { Neo4jStore } from "@memograph/neo4j";
import { loadLocomo } from "../locomo/dataset.js";
import { runQa } from "./qa.js";

const { values } = parseArgs({
  options: { data: { type: "string" }, limit: { type: "string" }, "top-k": { type: "string", default: "10" }, store: { type: "string", default: "embedded" }, json: { type: "boolean", default: false } },
});
if (!values.data || !process.env.OPENAI_API_KEY || !process.env.QA_MODEL) {
  process.stderr.write("usage: OPENAI_API_KEY=… [OPENAI_BASE_URL=…] QA_MODEL=… [JUDGE_MODEL=…] pnpm bench:locomo-qa --data <dir> [--limit N] [--top-k 10] [--store embedded|neo4j] [--json]\n");
  process.exit(2);
}
const provider = createOpenAI({ apiKey: process.env.OPENAI_API_KEY, ...(process.env.OPENAI_BASE_URL ? { baseURL: process.env.OPENAI_BASE_URL } : {}) });
const limit = values.limit === undefined ? Number.POSITIVE_INFINITY : Number(values.limit);
let remaining = limit;
const conversations = (await loadLocomo(values.data)).map((conversation) => {
  const questions = conversation.questions.slice(0, Math.max(0, remaining));
  remaining -= questions.length;
  return { ...conversation, questions };
});
const memory = await createMemory({ loader: new SafeResourceLoader({ roots: [path.resolve(values.data)] }), ...(values.store === "neo4j" ? { store: new Neo4jStore() } : {}) });
const scopeOf = (conversation: { name: string }) => ({ userId: `qa-${conversation.name}` });
for (const conversation of conversations) await memory.memorize({ resourceUrl: path.resolve(conversation.file), scope: scopeOf(conversation) });
const started = performance.now();
const result = await runQa(memory, conversations, {
  answerModel: provider.chat(process.env.QA_MODEL),
  judgeModel: provider.chat(process.env.JUDGE_MODEL ?? process.env.QA_MODEL),
  topK: Number(values["top-k"]),
  scopeOf,
});
for (const conversation of conversations) await memory.forget({ scope: scopeOf(conversation) });
await memory.close();
const report = { date: new Date().toISOString(), machine: `${os.cpus()[0]?.model} ×${os.cpus().length}`, data: values.data, store: values.store, models: { answer: process.env.QA_MODEL, judge: process.env.JUDGE_MODEL ?? process.env.QA_MODEL }, ...result, totalMs: performance.now() - started };
if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
else {
  process.stdout.write(
    [
      `LoCoMo J (LLM judge) — ${result.n} questions, answer model ${report.models.answer}, judge ${report.models.judge}, memograph-${values.store}`,
      `| J | ${Object.keys(result.perCategory).map((category) => `cat ${category}`).join(" | ")} | answer tokens in/out | judge tokens in/out | time s |`,
      `|---:|${Object.keys(result.perCategory).map(() => "---:").join("|")}|---:|---:|---:|`,
      `| ${result.j.toFixed(3)} | ${Object.values(result.perCategory).map((entry) => `${entry.j.toFixed(3)} (${entry.n})`).join(" | ")} | ${result.tokens.answer.input} / ${result.tokens.answer.output} | ${result.tokens.judge.input} / ${result.tokens.judge.output} | ${(report.totalMs / 1000).toFixed(1)} |`,
    ].join("\n") + "\n",
  );
}
