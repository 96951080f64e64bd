// pnpm bench:erasure [--users 20] [--docs 5] [--sentences 20]
// What erasure costs the embedded store: memorize, deleteResource and forget(scope) with SQLite's secure_delete on
// (as the store runs: deleted rows are zeroed, the log is emptied after a forget) and, for comparison, off.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createMemory, SqliteStore } from "@memograph/core";
import { prng, vocabulary } from "../scale/synthetic.js";

const { values } = parseArgs({ options: { users: { type: "string", default: "20" }, docs: { type: "string", default: "5" }, sentences: { type: "string", default: "20" } } });
const users = Number(values.users);
const docs = Number(values.docs);
const sentences = Number(values.sentences);

const words = vocabulary(5000);
const random = prng(11);
const word = () => words[Math.floor(random() * words.length)]!;
const documents = Array.from({ length: users * docs }, () =>
  Array.from({ length: sentences }, () => `I ${word()} the ${word()} ${word()} near ${word()} every ${word()}.`).join("\n\n"),
);

interface Row {
  secureDelete: boolean;
  memorizeMs: number;
  deleteResourceMs: number;
  forgetMs: number;
  fileMiB: number;
}

async function run(secureDelete: boolean): Promise<Row> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "memograph-erasure-bench-"));
  const store = new SqliteStore({ dir });
  // The comparison row only: the store always runs with secure_delete on; this reaches its private connection.
  if (!secureDelete) (store as unknown as { db: { pragma(sql: string): unknown } }).db.pragma("secure_delete = OFF");
  const memory = await createMemory({ store });
  const scopes = Array.from({ length: users }, () => ({ userId: `u-${randomUUID()}` }));
  const resources: { scope: { userId: string }; id: string }[] = [];
  let started = performance.now();
  for (const [index, content] of documents.entries()) {
    const scope = scopes[index % users]!;
    resources.push({ scope, id: (await memory.memorize({ content, modality: "document", scope })).resource.id });
  }
  const memorizeMs = (performance.now() - started) / documents.length;
  // One resource of each user, then each user whole.
  started = performance.now();
  for (const resource of resources.slice(0, users)) await memory.deleteResource(resource);
  const deleteResourceMs = (performance.now() - started) / users;
  started = performance.now();
  for (const scope of scopes) await memory.forget({ scope });
  const forgetMs = (performance.now() - started) / users;
  const fileMiB = statSync(path.join(dir, "memograph.db")).size / 2 ** 20;
  await memory.close();
  rmSync(dir, { recursive: true, force: true });
  return { secureDelete, memorizeMs, deleteResourceMs, forgetMs, fileMiB };
}

const rows = [await run(false), await run(true), await run(false), await run(true)];
const machine = `${os.cpus()[0]?.model ?? "unknown CPU"} ×${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const f = (value: number) => value.toFixed(1);
process.stdout.write(
  [
    `Erasure — machine: ${machine}; date: ${new Date().toISOString()}; ${users} users × ${docs} documents × ${sentences} sentences (one item each), embedded store on disk; each setting run twice, alternating`,
    "",
    "| secure_delete | memorize ms / document | deleteResource ms | forget(scope) ms / user | file MiB after |",
    "|---|---:|---:|---:|---:|",
    ...rows.map((row) => `| ${row.secureDelete ? "on (default)" : "off"} | ${f(row.memorizeMs)} | ${f(row.deleteResourceMs)} | ${f(row.forgetMs)} | ${f(row.fileMiB)} |`),
  ].join("\n") + "\n",
);
