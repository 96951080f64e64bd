// pnpm bench:memorize-cost [--messages 65536,524288,5242880] [--conversations 1000,10000,100000] [--json]
// Time and peak RSS of one offline memorize (embedded store in memory): one user message of growing size, and
// conversations of growing length. Each cell runs in its own process; the per-unit columns show whether cost is linear.
import { execFile } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, promisify } from "node:util";

const { values } = parseArgs({
  options: {
    messages: { type: "string", default: "65536,524288,5242880" },
    conversations: { type: "string", default: "1000,10000,100000" },
    json: { type: "boolean", default: false },
  },
});
const here = path.dirname(fileURLToPath(import.meta.url));

interface Row {
  kind: "message" | "conversation";
  size: number;
  inputBytes: number;
  seconds: number;
  cpuSeconds: number;
  peakMiB: number;
  baselineMiB: number;
  items: number;
  steps: Record<string, number>;
}
const cells = [
  ...values.messages.split(",").filter(Boolean).map((size) => ({ kind: "message", size })),
  ...values.conversations.split(",").filter(Boolean).map((size) => ({ kind: "conversation", size })),
];
const rows: Row[] = [];
for (const cell of cells) {
  process.stderr.write(`${cell.kind} × ${cell.size}…\n`);
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(here, "run-one.js"), "--kind", cell.kind, "--size", cell.size], { maxBuffer: 1 << 20 });
  rows.push(JSON.parse(stdout.trim().split("\n").at(-1)!) as Row);
  process.stderr.write(`${JSON.stringify(rows.at(-1))}\n`);
}

const machine = `${os.cpus()[0]?.model ?? "unknown CPU"} ×${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
if (values.json) process.stdout.write(`${JSON.stringify({ date: new Date().toISOString(), machine, rows }, null, 2)}\n`);
else {
  const size = (row: Row) => (row.kind === "message" ? `${(row.size / 1024).toLocaleString("en-US")} KiB` : `${row.size.toLocaleString("en-US")} messages`);
  // Per unit: per MiB of input for a message, per 1,000 messages for a conversation; flat columns mean linear cost.
  const units = (row: Row) => (row.kind === "message" ? row.inputBytes / 2 ** 20 : row.size / 1000);
  const slowest = (row: Row) => Object.entries(row.steps).sort((a, b) => b[1] - a[1])[0]?.[0] ?? "—";
  process.stdout.write(
    [
      `Memorize cost — machine: ${machine}; date: ${new Date().toISOString()}; offline, embedded store in memory`,
      "",
      "| input | items | wall s | CPU s | CPU s per unit | peak RSS MiB | RSS over start MiB | MiB per unit | longest step |",
      "|---|---:|---:|---:|---:|---:|---:|---:|---|",
      ...rows.map((row) => {
        const growth = row.peakMiB - row.baselineMiB;
        return `| ${row.kind} of ${size(row)} | ${row.items.toLocaleString("en-US")} | ${row.seconds.toFixed(2)} | ${row.cpuSeconds.toFixed(2)} | ${(row.cpuSeconds / units(row)).toFixed(2)} | ${row.peakMiB.toFixed(0)} | ${growth.toFixed(0)} | ${(growth / units(row)).toFixed(1)} | ${slowest(row)} |`;
      }),
      "",
      "(unit: a MiB of input for a message, 1,000 messages for a conversation)",
    ].join("\n") + "\n",
  );
}
