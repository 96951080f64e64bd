import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createMemory } from "@memograph/core";
import { scriptedLanguageModel } from "@memograph/core/testing";
import { describe, expect, it } from "vitest";
import { EXIT } from "../io.js";
import { cli } from "../test-cli.js";

describe("memograph history", () => {
  it("prints every version of a memory oldest first with its source text, and lists superseded items only when asked", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "memograph-history-"));
    const scope = { userId: "priya" };
    // A model that supersedes whatever stored memory it is shown writes the versions the CLI then reads.
    const model = scriptedLanguageModel({
      decisions: ({ data }) => ({ decisions: [{ memory: Number(/New memory (\d+)/.exec(data)![1]), action: "supersede", target: /stored \[(itm_[^\]]+)\]/.exec(data)![1], summary: null }] }),
    });
    const memory = await createMemory({ dir, profiles: { default: { chat: model } }, reconcileSimilarity: 0.3 });
    const nurse = (await memory.memorize({ content: "Priya works as a nurse at the city hospital in Leeds.", uri: "note://1", scope })).items[0]!;
    const teacher = (await memory.memorize({ content: "Priya now works as a teacher at the city school in Leeds.", uri: "note://2", scope })).items[0]!;
    await memory.close();

    const shown = await cli(["history", nurse.id, "--user", "priya", "--dir", dir], dir);
    expect(shown.code).toBe(EXIT.ok);
    const lines = shown.stdout.split("\n");
    expect(lines[0]).toBe(`2 versions of ${nurse.id}, oldest first:`);
    const first = lines.findIndex((line) => line.startsWith("1. [superseded] (this one)"));
    const second = lines.findIndex((line) => line.startsWith("2. [active]"));
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first);
    expect(lines.slice(first, second).join("\n")).toContain("note://1");
    expect(lines.slice(second).join("\n")).toContain("Priya now works as a teacher at the city school in Leeds.");

    const json = await cli(["history", teacher.id, "--user", "priya", "--dir", dir, "--json"], dir);
    expect((JSON.parse(json.stdout) as { versions: { item: { id: string } }[] }).versions.map((version) => version.item.id)).toEqual([nurse.id, teacher.id]);

    const listed = async (...flags: string[]) => (JSON.parse((await cli(["items", "--user", "priya", "--dir", dir, "--json", ...flags], dir)).stdout) as { records: { id: string }[] }).records.map((item) => item.id);
    expect(await listed()).toEqual([teacher.id]);
    expect(await listed("--status", "superseded")).toEqual([nurse.id]);
    expect((await listed("--status", "all")).sort()).toEqual([nurse.id, teacher.id].sort());

    const stranger = await cli(["history", nurse.id, "--user", "someone-else", "--dir", dir, "--json"], dir);
    expect(stranger.code).toBe(EXIT.badInput);
    expect(JSON.parse(stranger.stderr)).toMatchObject({ error: { code: "NOT_FOUND", field: "id" } });
  });
});
