// One memorize in its own process, so its peak RSS is its own. Prints one JSON line.
import { parseArgs } from "node:util";
import { createMemory } from "@memograph/core";
import { conversation, prose } from "./inputs.js";

const { values } = parseArgs({ options: { kind: { type: "string" }, size: { type: "string" } } });
const size = Number(values.size);
const memory = await createMemory();
const content = values.kind === "message" ? [{ role: "user", content: prose(size), created_at: "2024-01-01T09:00:00Z" }] : conversation(size);
const inputBytes = Buffer.byteLength(JSON.stringify(content));
const baselineMiB = process.resourceUsage().maxRSS / 1024;
const started = performance.now();
const cpuBefore = process.cpuUsage();
const result = await memory.memorize({ content, scope: { userId: "bench" } });
const seconds = (performance.now() - started) / 1000;
// CPU time as well as wall time: on a shared machine the wall clock also counts other processes' turns.
const cpu = process.cpuUsage(cpuBefore);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const peakMiB = process.resourceUsage().maxRSS / 1024;
await memory.close();
process.stdout.write(`${JSON.stringify({ kind: values.kind, size, inputBytes, seconds, cpuSeconds, peakMiB, baselineMiB, items: result.items.length, steps: Object.fromEntries(Object.entries(result.usage.steps).map(([step, usage]) => [step, Math.round(usage.durationMs)])) })}\n`);
