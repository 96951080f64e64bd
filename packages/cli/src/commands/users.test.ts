import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createMemory } from "@memograph/core";
import { describe, expect, it } from "vitest";
import { EXIT, type CliIo } from "../io.js";
import { run } from "../program.js";

async function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  // The seeded store is built with core's default (hashing) embedder; the CLI opens it with the same.
  const io: CliIo = { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), interactive: false, env: { MEMOGRAPH_EMBEDDER: "hashing" }, cwd };
  return { code: await run(args, io), stdout, stderr };
}

describe("memograph users", () => {
  it("lists the users holding memories with their agents and counts, page by page, and items by creation time", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "memograph-users-"));
    const memory = await createMemory({ dir });
    await memory.createItem({ scope: { userId: "ana", agentId: "coach" }, type: "knowledge", summary: "Ana runs on Sundays" });
    await memory.createItem({ scope: { userId: "ana", agentId: "chef" }, type: "knowledge", summary: "Ana cooks risotto" });
    const ben = await memory.createItem({ scope: { userId: "ben" }, type: "knowledge", summary: "Ben plays chess" });
    await memory.close();

    const first = await cli(["users", "--dir", dir, "--limit", "1"], dir);
    expect(first.code).toBe(EXIT.ok);
    const [line, next] = first.stdout.trim().split("\n");
    expect(line).toMatch(/^ana {2}2 items, 0 resources, \d+ categories; agents: chef, coach$/);
    const cursor = /^next page: --cursor (\S+)$/.exec(next!)![1]!;
    const second = await cli(["users", "--dir", dir, "--cursor", cursor, "--json"], dir);
    expect(JSON.parse(second.stdout)).toMatchObject({ key: "userId", records: [{ value: "ben", items: 1, scopes: [{ scope: { userId: "ben" }, items: 1 }] }], nextCursor: null });

    const items = async (...flags: string[]) => (JSON.parse((await cli(["items", "--user", "ben", "--dir", dir, "--json", ...flags], dir)).stdout) as { records: { id: string }[] }).records.map((item) => item.id);
    expect(await items("--from", ben.createdAt)).toEqual([ben.id]);
    expect(await items("--to", ben.createdAt)).toEqual([]);
    const bad = await cli(["items", "--user", "ben", "--dir", dir, "--from", "soon", "--json"], dir);
    expect(bad.code).toBe(EXIT.badInput);
    expect(JSON.parse(bad.stderr)).toMatchObject({ error: { code: "VALIDATION", field: "createdFrom" } });
  });
});
