// pnpm bench:locomo --data <dir> [--store embedded|neo4j] [--k 5,10,20] [--json]
// Evidence recall@k on a budget of k turns, for memograph and its peers, in one run on the same questions.
import os from "node:os";
import { parseArgs } from "node:util";
import { loadLocomo } from "./dataset.js";
import { evidenceRecallAtK, percentile } from "./metric.js";
import { bm25Turns, memograph, type RetrievalSystem } from "./systems.js";

const { values } = parseArgs({ options: { data: { type: "string" }, store: { type: "string", default: "embedded" }, k: { type: "string", default: "5,10,20" }, json: { type: "boolean", default: false } } });
if (!values.data) {
  process.stderr.write("usage: pnpm bench:locomo --data <dir> [--store embedded|neo4j] [--k 5,10,20] [--json]\n");
  process.exit(2);
}
if (values.store !== "embedded" && values.store !== "neo4j") {
  process.stderr.write("--store must be embedded or neo4j (neo4j reads NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD)\n");
  process.exit(2);
}
const ks = values.k.split(",").map(Number);
const depth = Math.max(...ks) * 3;
const conversations = await loadLocomo(values.data);
const systems: RetrievalSystem[] = [await memograph(values.data, values.store), bm25Turns()];

interface Result {
  system: string;
  n: number;
  recall: Record<string, number>;
  perCategory: Record<string, Record<string, number>>;
  latencyMs: { p50: number; p95: number };
  memorizeMs: number[];
}

const results: Result[] = [];
for (const system of systems) {
  const recall: Record<string, number[]> = {};
  const perCategory: Record<string, Record<string, number[]>> = {};
  const latencies: number[] = [];
  const memorizeMs: number[] = [];
  for (const conversation of conversations) {
    const started = performance.now();
    await system.prepare(conversation);
    memorizeMs.push(performance.now() - started);
    for (const qa of conversation.questions) {
      const begin = performance.now();
      const ranked = await system.search(conversation, qa.question, depth);
      latencies.push(performance.now() - begin);
      for (const k of ks) {
        const score = evidenceRecallAtK(ranked, qa.evidence, k);
        (recall[k] ??= []).push(score);
        ((perCategory[qa.category] ??= {})[k] ??= []).push(score);
      }
    }
  }
  await system.close();
  const mean = (list: number[]) => list.reduce((sum, value) => sum + value, 0) / list.length;
  results.push({
    system: system.name,
    n: latencies.length,
    recall: Object.fromEntries(ks.map((k) => [String(k), mean(recall[k]!)])),
    perCategory: Object.fromEntries(Object.entries(perCategory).map(([category, byK]) => [category, Object.fromEntries(Object.entries(byK).map(([k, list]) => [k, mean(list)]))])),
    latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95) },
    memorizeMs,
  });
}

const machine = `${os.cpus()[0]?.model ?? "unknown CPU"} ×${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()}`;
const date = new Date().toISOString();
if (values.json) {
  process.stdout.write(`${JSON.stringify({ date, machine, data: values.data, results: results.map(({ memorizeMs, ...rest }) => ({ ...rest, memorizeMsPerConversation: memorizeMs })) }, null, 2)}\n`);
} else {
  const best = results.filter((result) => !result.system.startsWith("memograph"));
  const ref = (k: string) => Math.max(...best.map((result) => result.recall[k]!));
  const lines = [
    `LoCoMo evidence recall on a budget of k turns — ${conversations.length} conversations, ${results[0]?.n} questions (categories 1–4)`,
    `machine: ${machine}`,
    `date: ${date}`,
    "",
    `| system | ${ks.map((k) => `R@${k}`).join(" | ")} | R@10 vs best peer | cat 1 | cat 2 | cat 3 | cat 4 | retrieve p50 / p95 ms | prepare ms / conversation |`,
    `|---|${ks.map(() => "---:").join("|")}|---:|---:|---:|---:|---:|---:|---:|`,
    ...results.map((result) => {
      const cat = (c: string) => (result.perCategory[c]?.["10"] ?? Number.NaN).toFixed(3);
      return `| ${result.system} | ${ks.map((k) => result.recall[k]!.toFixed(3)).join(" | ")} | ${(result.recall["10"]! / ref("10")).toFixed(2)}× | ${cat("1")} | ${cat("2")} | ${cat("3")} | ${cat("4")} | ${result.latencyMs.p50.toFixed(2)} / ${result.latencyMs.p95.toFixed(2)} | ${(result.memorizeMs.reduce((a, b) => a + b, 0) / result.memorizeMs.length).toFixed(0)} |`;
    }),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}
