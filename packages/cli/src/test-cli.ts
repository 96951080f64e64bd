import type { CliIo } from "./io.js";
import { run } from "./program.js";

/**
 * Runs the CLI in process, for tests: exit code and what it printed. Stores seeded by a test are built with core's
 * default (hashing) embedder, so the CLI opens them with the same.
 */
export async function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), interactive: false, env: { MEMOGRAPH_EMBEDDER: "hashing" }, cwd };
  return { code: await run(args, io), stdout, stderr };
}
