import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT, type CliIo } from "./io.js";
import { run } from "./program.js";

async function cli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), interactive: false, env, cwd };
  return { code: await run(args, io), stdout, stderr };
}

describe("the CLI's embedder", () => {
  it("is the offline ONNX model by default, refuses to mix it into a hashing store, and names an unknown one", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "memograph-cli-embedder-"));
    await writeFile(path.join(dir, "chat.json"), JSON.stringify([{ role: "user", content: "My name is Ines. My daughter started violin lessons." }]));

    const onnx = await cli(["memorize", "chat.json", "--dir", "onnx-store", "--json"], dir);
    expect(onnx.code, onnx.stderr).toBe(EXIT.ok);
    const found = JSON.parse((await cli(["retrieve", "Does her child play music?", "--dir", "onnx-store", "--json"], dir)).stdout) as { items: { summary: string }[] };
    expect(found.items[0]?.summary).toBe("Ines's daughter started violin lessons.");

    expect((await cli(["memorize", "chat.json", "--dir", "hashing-store"], dir, { MEMOGRAPH_EMBEDDER: "hashing" })).code).toBe(EXIT.ok);
    const mixed = await cli(["retrieve", "violin", "--dir", "hashing-store", "--json"], dir);
    expect(mixed.code).toBe(EXIT.failure);
    expect(JSON.parse(mixed.stderr).error).toMatchObject({ code: "STORE_MISMATCH" });
    expect(mixed.stderr).toContain("memograph-hashing-v1-512");

    const unknown = await cli(["retrieve", "violin", "--dir", "hashing-store", "--json"], dir, { MEMOGRAPH_EMBEDDER: "glove" });
    expect(unknown.code).toBe(EXIT.badInput);
    expect(JSON.parse(unknown.stderr).error).toMatchObject({ code: "VALIDATION", field: "MEMOGRAPH_EMBEDDER" });
  });
});
