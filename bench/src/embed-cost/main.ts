// pnpm bench:embed-cost --data <dir> [--conversations conv-26,conv-30] [--embedders hashing,onnx,onnx-1thread] [--rounds 1] [--json]
// What the embedder costs a memorize: each LoCoMo conversation memorized offline (rule extractor, embedded store in
// memory) with each embedder, alternating, wall and CPU time of the call and of its embed step. The ONNX model is
// loaded (and warmed on one text) before any timing.
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { HashingEmbedder, SafeResourceLoader, createMemory, type Embedder } from "@memograph/core";
import { OnnxEmbedder } from "@memograph/embedder-onnx";
import { loadLocomo } from "../locomo/dataset.js";

const { values } = parseArgs({ options: { data: { type: "string" }, conversations: { type: "string" }, embedders: { type: "string", default: "hashing,onnx" }, rounds: { type: "string", default: "1" }, json: { type: "boolean", default: false } } });
if (!values.data) {
  process.stderr.write("usage: pnpm bench:embed-cost --data <dir> [--conversations conv-26,conv-30] [--embedders hashing,onnx,onnx-1thread] [--rounds 1] [--json]\n");
  process.exit(2);
}
const wanted = values.conversations?.split(",");
const conversations = (await loadLocomo(values.data)).filter((conversation) => wanted === undefined || wanted.includes(conversation.name));
// onnx-1thread: one intra-op thread instead of onnxruntime's one per core (no spinning threads on a shared machine).
const embedders: Record<string, () => Embedder> = { hashing: () => new HashingEmbedder(), onnx: () => new OnnxEmbedder(), "onnx-1thread": () => new OnnxEmbedder({ threads: 1 }) };
const names = values.embedders.split(",");
const built = new Map<string, Embedder>();
for (const name of names) {
  const make = embedders[name];
  if (make === undefined) {
    process.stderr.write(`unknown embedder ${name}; known: ${Object.keys(embedders).join(", ")}\n`);
    process.exit(2);
  }
  const embedder = make();
  await embedder.embed(["warm up"]);
  built.set(name, embedder);
}

interface Row { conversation: string; embedder: string; items: number; wallMs: number; cpuMs: number; embedMs: number }
const rows: Row[] = [];
const loader = new SafeResourceLoader({ roots: [path.resolve(values.data)] });
for (let round = 0; round < Number(values.rounds); round++) {
  for (const conversation of conversations) {
    for (const name of names) {
      const memory = await createMemory({ loader, embedder: built.get(name)! });
      const cpu = process.cpuUsage();
      const started = performance.now();
      const result = await memory.memorize({ resourceUrl: path.resolve(conversation.file), scope: { userId: conversation.name } });
      const wallMs = performance.now() - started;
      const used = process.cpuUsage(cpu);
      rows.push({ conversation: conversation.name, embedder: name, items: result.items.length, wallMs, cpuMs: (used.user + used.system) / 1000, embedMs: result.usage.steps.embed?.durationMs ?? 0 });
      await memory.close();
    }
  }
}

const machine = `${os.cpus()[0]?.model ?? "unknown CPU"} ×${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()}, load average ${os.loadavg().map((load) => load.toFixed(1)).join(" ")}`;
if (values.json) {
  process.stdout.write(`${JSON.stringify({ date: new Date().toISOString(), machine, rows }, null, 2)}\n`);
} else {
  const mean = (name: string, field: "wallMs" | "cpuMs" | "embedMs") => {
    const mine = rows.filter((row) => row.embedder === name);
    return mine.reduce((sum, row) => sum + row[field], 0) / mine.length;
  };
  const base = names[0]!;
  const lines = [
    `memorize of a LoCoMo conversation by embedder — ${conversations.length} conversations × ${values.rounds} rounds`,
    `machine: ${machine}`,
    `date: ${new Date().toISOString()}`,
    "",
    "| conversation | embedder | items | wall s | CPU s | embed step s |",
    "|---|---|---:|---:|---:|---:|",
    ...rows.map((row) => `| ${row.conversation} | ${row.embedder} | ${row.items} | ${(row.wallMs / 1000).toFixed(2)} | ${(row.cpuMs / 1000).toFixed(2)} | ${(row.embedMs / 1000).toFixed(2)} |`),
    "",
    `| embedder | mean wall s | mean CPU s | mean embed s | wall vs ${base} | CPU vs ${base} |`,
    "|---|---:|---:|---:|---:|---:|",
    ...names.map((name) => `| ${name} | ${(mean(name, "wallMs") / 1000).toFixed(2)} | ${(mean(name, "cpuMs") / 1000).toFixed(2)} | ${(mean(name, "embedMs") / 1000).toFixed(2)} | ${(mean(name, "wallMs") / mean(base, "wallMs")).toFixed(1)}× | ${(mean(name, "cpuMs") / mean(base, "cpuMs")).toFixed(1)}× |`),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}
