// One (system, size) measurement in its own process, so its memory (RSS) is its own. Prints one JSON line.
import { parseArgs } from "node:util";
import { percentile } from "../locomo/metric.js";
import { syntheticItems, syntheticQueries } from "./synthetic.js";
import { inMemoryStoreScale, memographScale, type ScaleSystem } from "./systems.js";

const { values } = parseArgs({
  options: { system: { type: "string" }, size: { type: "string" }, users: { type: "string", default: "100" }, queries: { type: "string", default: "200" }, warmup: { type: "string", default: "50" }, "warmup-seconds": { type: "string", default: "30" } },
});
const size = Number(values.size);
// `memograph-<store>-access-off`: the same with access recording off, to show what recording costs a retrieve.
const memograph = /^memograph-(embedded|neo4j)(-access-off)?$/.exec(values.system ?? "");
const system: ScaleSystem = memograph === null ? inMemoryStoreScale() : await memographScale(memograph[1] as "embedded" | "neo4j", memograph[2] === undefined ? {} : { accessRecording: false });

const items = syntheticItems(size, Number(values.users));
const rssBefore = process.memoryUsage().rss;
let started = performance.now();
await system.ingest(items);
const ingestMs = performance.now() - started;

const queries = syntheticQueries(Number(values.queries));
const latency = async (userOf: (index: number) => string | undefined) => {
  const times: number[] = [];
  let hits = 0;
  for (const [index, query] of queries.entries()) {
    started = performance.now();
    hits += await system.retrieve(query, userOf(index));
    times.push(performance.now() - started);
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), meanHits: hits / queries.length };
};
// Steady state, the same for every system: statement caches, query plans, JIT, page caches, and index work a bulk
// ingest leaves behind. A JVM server's JIT needs far more than a few dozen queries, so the warm-up lasts a time, and
// at least `warmup` queries; its queries are drawn like the measured ones, from another seed.
const warmupQueries = syntheticQueries(1000, 99);
const warmUntil = performance.now() + Number(values["warmup-seconds"]) * 1000;
let warmedWith = 0;
for (; warmedWith < Number(values.warmup) || performance.now() < warmUntil; warmedWith++) {
  await system.retrieve(warmupQueries[warmedWith % warmupQueries.length]!, warmedWith % 2 === 0 ? undefined : `u${warmedWith % Number(values.users)}`);
}
const all = await latency(() => undefined);
const filtered = await latency((index) => `u${index % Number(values.users)}`);
const rssMiB = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
await system.close();
process.stdout.write(`${JSON.stringify({ system: system.name, size, ingestPerSecond: size / (ingestMs / 1000), warmupQueries: warmedWith, retrieveMs: { all, filtered }, rssGrowthMiB: rssMiB })}\n`);
