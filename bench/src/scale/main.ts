// pnpm bench:scale [--sizes 10000,100000] [--systems memograph-embedded,memograph-neo4j,langgraph-inmemorystore]
//                  (memograph-embedded-access-off / memograph-neo4j-access-off: access recording off; on by default)
//                  [--queries 200] [--warmup 50] [--warmup-seconds 30] [--profile] [--json]
// Ingest rate, retrieve latency (p50/p95/p99, over all of a tenant and filtered to one of 100 users) and memory
// growth, each (system, size) in its own process. memograph-neo4j needs NEO4J_URI (pnpm neo4j:start).
import { execFile } from "node:child_process";
import { mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { promisify } from "node:util";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "10000,100000" },
    systems: { type: "string", default: "memograph-embedded,langgraph-inmemorystore" },
    queries: { type: "string", default: "200" },
    warmup: { type: "string", default: "50" },
    "warmup-seconds": { type: "string", default: "30" },
    profile: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
  },
});
const here = path.dirname(fileURLToPath(import.meta.url));
const profiles = path.resolve(here, "../../profiles");
if (values.profile) mkdirSync(profiles, { recursive: true });

interface Row {
  system: string;
  size: number;
  ingestPerSecond: number;
  warmupQueries: number;
  retrieveMs: Record<"all" | "filtered", { p50: number; p95: number; p99: number; meanHits: number }>;
  rssGrowthMiB: number;
}
const rows: Row[] = [];
for (const size of values.sizes.split(",").map(Number)) {
  for (const system of values.systems.split(",")) {
    process.stderr.write(`${system} × ${size}…\n`);
    const node = [...(values.profile ? ["--cpu-prof", `--cpu-prof-dir=${profiles}`] : []), "--max-old-space-size=16384", path.join(here, "run-one.js")];
    const { stdout } = await promisify(execFile)(process.execPath, [...node, "--system", system, "--size", String(size), "--queries", values.queries, "--warmup", values.warmup, "--warmup-seconds", values["warmup-seconds"]], { maxBuffer: 1 << 20, env: process.env });
    rows.push(JSON.parse(stdout.trim().split("\n").at(-1)!) as Row);
    // Each finished cell goes to stderr at once, so a later failure loses nothing measured.
    process.stderr.write(`${JSON.stringify(rows.at(-1))}\n`);
  }
}

const machine = `${os.cpus()[0]?.model ?? "unknown CPU"} ×${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
if (values.json) process.stdout.write(`${JSON.stringify({ date: new Date().toISOString(), machine, rows }, null, 2)}\n`);
else {
  const f = (value: number) => value.toFixed(2);
  const peer = (row: Row) => rows.find((other) => other.system === "langgraph-inmemorystore" && other.size === row.size);
  process.stdout.write(
    [
      `Scale — machine: ${machine}; date: ${new Date().toISOString()}; ${values.queries} queries per cell after a warm-up of ${values["warmup-seconds"]} s (at least ${values.warmup} queries); 100 users in one tenant`,
      "",
      "| system | items | ingest items/s | warm-up queries | retrieve all p50 / p95 / p99 ms | retrieve one user p50 / p95 / p99 ms | p50 vs InMemoryStore (all / one user) | RSS growth MiB |",
      "|---|---:|---:|---:|---:|---:|---:|---:|",
      ...rows.map((row) => {
        const other = peer(row);
        const ratio = other && row !== other ? `${(other.retrieveMs.all.p50 / row.retrieveMs.all.p50).toFixed(1)}× / ${(other.retrieveMs.filtered.p50 / row.retrieveMs.filtered.p50).toFixed(1)}× faster` : "—";
        return `| ${row.system} | ${row.size.toLocaleString("en-US")} | ${Math.round(row.ingestPerSecond).toLocaleString("en-US")} | ${row.warmupQueries.toLocaleString("en-US")} | ${f(row.retrieveMs.all.p50)} / ${f(row.retrieveMs.all.p95)} / ${f(row.retrieveMs.all.p99)} | ${f(row.retrieveMs.filtered.p50)} / ${f(row.retrieveMs.filtered.p95)} / ${f(row.retrieveMs.filtered.p99)} | ${ratio} | ${row.rssGrowthMiB.toFixed(0)} |`;
      }),
    ].join("\n") + "\n",
  );
}
