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
    // Told to mix the ONNX model into a hashing store, it refuses and names the way out.
    const mixed = await cli(["retrieve", "violin", "--dir", "hashing-store", "--json"], dir, { MEMOGRAPH_EMBEDDER: "onnx" });
    expect(mixed.code).toBe(EXIT.failure);
    expect(JSON.parse(mixed.stderr).error).toMatchObject({ code: "STORE_MISMATCH" });
    expect(mixed.stderr).toContain("memograph-hashing-v1-512");
    expect(mixed.stderr).toContain("memograph reindex");

    const unknown = await cli(["retrieve", "violin", "--dir", "hashing-store", "--json"], dir, { MEMOGRAPH_EMBEDDER: "glove" });
    expect(unknown.code).toBe(EXIT.badInput);
    expect(JSON.parse(unknown.stderr).error).toMatchObject({ code: "VALIDATION", field: "MEMOGRAPH_EMBEDDER" });
  });

  it("opens a store built by the earlier hashing default with that embedder and a hint, until `memograph reindex` moves it to ONNX", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "memograph-cli-reindex-"));
    await writeFile(path.join(dir, "chat.json"), JSON.stringify([{ role: "user", content: "My name is Ines. My daughter started violin lessons." }]));
    expect((await cli(["memorize", "chat.json", "--dir", "store"], dir, { MEMOGRAPH_EMBEDDER: "hashing" })).code).toBe(EXIT.ok);

    const old = await cli(["retrieve", "violin lessons", "--dir", "store", "--json"], dir);
    expect(old.code, old.stderr).toBe(EXIT.ok);
    expect((JSON.parse(old.stdout) as { items: { summary: string }[] }).items[0]?.summary).toBe("Ines's daughter started violin lessons.");
    expect(old.stderr).toContain("built with the hashing embedder (memograph-hashing-v1-512)");
    expect(old.stderr).toContain("`memograph reindex`");

    const reindexed = await cli(["reindex", "--dir", "store", "--json"], dir);
    expect(reindexed.code, reindexed.stderr).toBe(EXIT.ok);
    expect(JSON.parse(reindexed.stdout)).toMatchObject({ from: { id: "memograph-hashing-v1-512", dimensions: 512 }, to: { id: "onnx-all-MiniLM-L6-v2-int8", dimensions: 384 } });
    expect(JSON.parse(reindexed.stdout).reembedded).toBeGreaterThan(0);

    // Now the ONNX model's: no hint, and a question sharing no word with the memory finds it.
    const semantic = await cli(["retrieve", "Does her child play music?", "--dir", "store", "--json"], dir);
    expect(semantic.code, semantic.stderr).toBe(EXIT.ok);
    expect(semantic.stderr).toBe("");
    expect((JSON.parse(semantic.stdout) as { items: { summary: string }[] }).items[0]?.summary).toBe("Ines's daughter started violin lessons.");
    const hashingNow = await cli(["items", "--dir", "store", "--json"], dir, { MEMOGRAPH_EMBEDDER: "hashing" });
    expect(JSON.parse(hashingNow.stderr).error).toMatchObject({ code: "STORE_MISMATCH" });

    const again = await cli(["reindex", "--dir", "store"], dir);
    expect(again.stdout).toBe("The store already uses onnx-all-MiniLM-L6-v2-int8: nothing to re-embed.\n");
    const forced = await cli(["reindex", "--dir", "store", "--force", "--json"], dir);
    expect(JSON.parse(forced.stdout)).toMatchObject({ from: { id: "onnx-all-MiniLM-L6-v2-int8" }, to: { id: "onnx-all-MiniLM-L6-v2-int8" }, reembedded: JSON.parse(reindexed.stdout).reembedded });
    const back = await cli(["reindex", "--dir", "store", "--embedder", "hashing"], dir);
    expect(back.stdout).toMatch(/^Re-embedded \d+ records: onnx-all-MiniLM-L6-v2-int8 \(384 dimensions\) → memograph-hashing-v1-512 \(512\)\.\n$/);
  });
});
