// pnpm bench:server [--items 100000] [--users 100] [--clients 50] [--ops 20] [--memorize-share 0.2] [--json]
// 50 concurrent clients mixing retrieve and memorize (each on its own user) against an embedded store of 100k items:
// over HTTP (the server in its own process, one member key per user) and the same calls in-process.
import { spawn } from "node:child_process";
import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { HashingEmbedder, createMemory, openEmbeddedServerState } from "@memograph/core";
import { writeSynthetic } from "../scale/systems.js";
import { prng, syntheticItems, syntheticQueries, vocabulary } from "../scale/synthetic.js";
import { runLoad, type LoadResult, type Operation } from "./load.js";

const { values } = parseArgs({
  options: {
    items: { type: "string", default: "100000" },
    users: { type: "string", default: "100" },
    clients: { type: "string", default: "50" },
    ops: { type: "string", default: "20" },
    "memorize-share": { type: "string", default: "0.2" },
    warmup: { type: "string", default: "200" },
    json: { type: "boolean", default: false },
  },
});
const [itemCount, users, clientCount, opsPerClient, memorizeShare, warmup] = [Number(values.items), Number(values.users), Number(values.clients), Number(values.ops), Number(values["memorize-share"]), Number(values.warmup)];
const here = path.dirname(fileURLToPath(import.meta.url));
const log = (text: string) => process.stderr.write(`${text}\n`);

// ---- the store ----
const base = await mkdtemp(path.join(os.tmpdir(), "memograph-bench-server-"));
const dirs = { inProcess: path.join(base, "in-process"), http: path.join(base, "http") };
{
  log(`writing ${itemCount} items for ${users} users…`);
  const embedder = new HashingEmbedder();
  const memory = await createMemory({ dir: dirs.inProcess, embedder });
  await writeSynthetic(memory, embedder, syntheticItems(itemCount, users), (userId) => ({ userId }));
  await memory.close();
  await cp(dirs.inProcess, dirs.http, { recursive: true });
}

// ---- the workload: the same operations, in the same order, for both runs ----
interface Planned {
  readonly kind: "retrieve" | "memorize";
  readonly userId: string;
  readonly text: string;
}
const words = vocabulary(5000);
const random = prng(99);
const queries = syntheticQueries(clientCount * opsPerClient + warmup, 11);
let next = 0;
const phrase = (length: number) => Array.from({ length }, () => words[Math.floor(random() * 2000)]).join(" ");
const plan: Planned[][] = Array.from({ length: clientCount }, (_, client) =>
  Array.from({ length: opsPerClient }, (_, op) => {
    const userId = `u${(client * 7 + op) % users}`;
    return random() < memorizeShare ? { kind: "memorize" as const, userId, text: `client ${client} op ${op}: I ${phrase(6)}. Then we ${phrase(8)}.` } : { kind: "retrieve" as const, userId, text: queries[next++]! };
  }),
);
const warmupQueries = queries.slice(clientCount * opsPerClient, clientCount * opsPerClient + warmup);
const conversationOf = (text: string) => [{ role: "user", content: text }, { role: "assistant", content: "Noted." }];

// ---- in-process ----
async function inProcess(): Promise<LoadResult> {
  const memory = await createMemory({ dir: dirs.inProcess, embedder: new HashingEmbedder() });
  for (const [index, query] of warmupQueries.entries()) await memory.retrieve({ query, scope: { userId: `u${index % users}` } });
  const result = await runLoad(
    plan.map((ops) =>
      ops.map((op): Operation => ({
        kind: op.kind,
        run: async () => {
          if (op.kind === "retrieve") await memory.retrieve({ query: op.text, scope: { userId: op.userId } });
          else await memory.memorize({ content: conversationOf(op.text), scope: { userId: op.userId } });
        },
      })),
    ),
  );
  await memory.close();
  return result;
}

// ---- over HTTP ----
async function overHttp(): Promise<LoadResult> {
  const state = await openEmbeddedServerState({ dir: dirs.http });
  const keys = new Map<string, string>();
  for (let user = 0; user < users; user++) keys.set(`u${user}`, (await state.access.createKey({ role: "member", userId: `u${user}` })).key);
  await state.close();
  const child = spawn(process.execPath, [path.join(here, "serve-child.js"), "--dir", dirs.http], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.once("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
  const post = async (userId: string, route: string, body: unknown) => {
    const response = await fetch(`${url}${route}`, { method: "POST", headers: { authorization: `Bearer ${keys.get(userId)}`, "content-type": "application/json" }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`${route} answered ${response.status}: ${await response.text()}`);
    await response.arrayBuffer();
  };
  for (const [index, query] of warmupQueries.entries()) await post(`u${index % users}`, "/v1/retrieve", { query });
  const result = await runLoad(plan.map((ops) => ops.map((op): Operation => ({ kind: op.kind, run: () => (op.kind === "retrieve" ? post(op.userId, "/v1/retrieve", { query: op.text }) : post(op.userId, "/v1/memorize", { content: conversationOf(op.text) })) }))));
  child.kill("SIGTERM");
  await new Promise((resolve) => child.once("exit", resolve));
  return result;
}

log("in-process…");
const local = await inProcess();
log("over HTTP…");
const remote = await overHttp();
await rm(base, { recursive: true, force: true });

const machine = `${os.cpus()[0]?.model ?? "unknown CPU"} ×${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const rows = [
  { mode: "in-process", ...local },
  { mode: "HTTP (/v1, member keys)", ...remote },
];
if (values.json) process.stdout.write(`${JSON.stringify({ date: new Date().toISOString(), machine, itemCount, users, clientCount, opsPerClient, memorizeShare, rows }, null, 2)}\n`);
else {
  const f = (value: number) => (Number.isNaN(value) ? "—" : value.toFixed(1));
  process.stdout.write(
    [
      `Server load — machine: ${machine}; date: ${new Date().toISOString()}; ${itemCount} items over ${users} users; ${clientCount} concurrent clients × ${opsPerClient} operations, ${Math.round(memorizeShare * 100)}% memorize; warm-up ${warmup} retrieves`,
      "",
      "| mode | ops | errors | throughput ops/s | retrieve p50 / p99 ms | memorize p50 / p99 ms | throughput vs in-process |",
      "|---|---:|---:|---:|---:|---:|---:|",
      ...rows.map((row) => `| ${row.mode} | ${row.ops} | ${row.errors} | ${f(row.ops / row.seconds)} | ${f(row.latencyMs.retrieve.p50)} / ${f(row.latencyMs.retrieve.p99)} | ${f(row.latencyMs.memorize.p50)} / ${f(row.latencyMs.memorize.p99)} | ${(row.ops / row.seconds / (local.ops / local.seconds)).toFixed(2)}× |`),
      "",
    ].join("\n"),
  );
}
