// pnpm bench:locomo --data <dir> [--store embedded|neo4j] [--k 5,10,20] [--systems a,b] [--variants] [--json]
// Evidence recall@k on a budget of k turns, for memograph and its peers, in one run on the same questions.
// --variants compares memograph with itself instead: access recording off and on (the default), twice each in
// alternation so that the machine's drift shows, then ranking salience.
import os from "node:os";
import { parseArgs } from "node:util";
import { loadLocomo } from "./dataset.js";
import { runBenchmark } from "./run.js";
import { bm25Turns, denseTurns, inMemoryStoreTurns, mem0Turns, memograph, type RetrievalSystem } from "./systems.js";

const { values } = parseArgs({ options: { data: { type: "string" }, store: { type: "string", default: "embedded" }, k: { type: "string", default: "5,10,20" }, systems: { type: "string" }, json: { type: "boolean", default: false }, variants: { type: "boolean", default: false } } });
if (!values.data) {
  process.stderr.write("usage: pnpm bench:locomo --data <dir> [--store embedded|neo4j] [--k 5,10,20] [--systems a,b] [--variants] [--json]\n");
  process.exit(2);
}
if (values.store !== "embedded" && values.store !== "neo4j") {
  process.stderr.write("--store must be embedded or neo4j (neo4j reads NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD)\n");
  process.exit(2);
}
const ks = values.k.split(",").map(Number);
const conversations = await loadLocomo(values.data);
// Built only when asked for, so a partial run (`--systems memograph-embedded,bm25-raw-turns`) loads no other peer.
const builders: Record<string, () => RetrievalSystem | Promise<RetrievalSystem>> = {
  [`memograph-${values.store}`]: () => memograph(values.data!, values.store as "embedded" | "neo4j"),
  [`memograph-${values.store}-hashing`]: () => memograph(values.data!, values.store as "embedded" | "neo4j", { embedder: "hashing" }),
  "bm25-raw-turns": bm25Turns,
  "dense-raw-turns": denseTurns,
  "langgraph-inmemorystore": inMemoryStoreTurns,
  "mem0-oss": mem0Turns,
};
const wanted = values.systems?.split(",") ?? Object.keys(builders);
const unknown = wanted.filter((name) => !(name in builders));
if (unknown.length > 0) {
  process.stderr.write(`unknown --systems ${unknown.join(", ")}; known: ${Object.keys(builders).join(", ")}\n`);
  process.exit(2);
}
const systems: RetrievalSystem[] = [];
if (values.variants) {
  for (let round = 0; round < 2; round++) systems.push(await memograph(values.data, values.store, { accessRecording: false }), await memograph(values.data, values.store));
  systems.push(await memograph(values.data, values.store, { ranking: "salience" }));
} else {
  for (const name of wanted) systems.push(await builders[name]!());
}

const results = await runBenchmark(conversations, systems, ks);

const machine = `${os.cpus()[0]?.model ?? "unknown CPU"} ×${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()}`;
const date = new Date().toISOString();
if (values.json) {
  process.stdout.write(`${JSON.stringify({ date, machine, data: values.data, results }, null, 2)}\n`);
} else {
  const peers = results.filter((result) => !result.system.startsWith("memograph"));
  // With --variants the reference is memograph's first run.
  const best = peers.length > 0 ? peers : results.slice(0, 1);
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
      return `| ${result.system} | ${ks.map((k) => result.recall[k]!.toFixed(3)).join(" | ")} | ${(result.recall["10"]! / ref("10")).toFixed(2)}× | ${cat("1")} | ${cat("2")} | ${cat("3")} | ${cat("4")} | ${result.latencyMs.p50.toFixed(2)} / ${result.latencyMs.p95.toFixed(2)} | ${(result.memorizeMsPerConversation.reduce((a, b) => a + b, 0) / result.memorizeMsPerConversation.length).toFixed(0)} |`;
    }),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}
