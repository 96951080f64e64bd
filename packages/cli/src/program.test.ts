import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SqliteTaskStore, openEmbeddedServerState } from "@memograph/core";
import { describe, expect, it } from "vitest";
import { EXIT, type CliIo } from "./io.js";
import { run } from "./program.js";

// A conversation of our own making in the LoCoMo layout (fixtures/README.md).
const LOCOMO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../fixtures/locomo/nadia-tomas.json");

async function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), interactive: false, env: {}, cwd };
  const code = await run(args, io);
  return { code, stdout, stderr };
}

describe("memograph CLI", () => {
  it("memorizes a LoCoMo-layout conversation offline and retrieves D1:3 with its resolved date, then traces it", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "memograph-cli-"));
    const memorized = await cli(["memorize", LOCOMO, "--user", "nadia", "--dir", dir, "--json"], dir);
    expect(memorized.code).toBe(EXIT.ok);
    expect(JSON.parse(memorized.stdout)).toMatchObject({ created: true, resource: { modality: "conversation" } });

    const retrieved = await cli(["retrieve", "When did Nadia go to the bouldering meetup?", "--user", "nadia", "--dir", dir, "--json"], dir);
    expect(retrieved.code).toBe(EXIT.ok);
    const result = JSON.parse(retrieved.stdout) as { items: { id: string; summary: string; sources: { span: { messageIds: string[] } }[] }[] };
    const hit = result.items.find((item) => item.sources.some((source) => source.span.messageIds.includes("D1:3")));
    expect(hit?.summary).toContain("7 May 2023");
    expect(result.items.indexOf(hit!)).toBeLessThan(3);

    const traced = await cli(["trace", hit!.id, "--user", "nadia", "--dir", dir], dir);
    expect(traced.code).toBe(EXIT.ok);
    expect(traced.stdout).toContain("[D1:3] Nadia: I went to a bouldering meetup at the climbing gym yesterday");

    // Another user sees none of it.
    const other = await cli(["retrieve", "bouldering meetup", "--user", "tomas", "--dir", dir, "--json"], dir);
    expect(JSON.parse(other.stdout).items).toEqual([]);
  });

  it("tells bad input (exit 2) from success (exit 0), with a typed error, and leaves the store unchanged", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "memograph-cli-"));
    const good = path.join(dir, "chat.txt");
    await writeFile(good, "Ann: I moved to Porto in 2021.\nBen: Nice, I love Porto.\n");
    expect((await cli(["memorize", good, "--user", "ann", "--dir", dir], dir)).code).toBe(EXIT.ok);
    const before = (await cli(["export", "--user", "ann", "--dir", dir], dir)).stdout;

    const malformed = path.join(dir, "broken.json");
    await writeFile(malformed, '[{"role": "user", "content": "unterminated');
    const big = path.join(dir, "big.txt");
    await writeFile(big, "Ann: hello there friend\n".repeat(200));
    const cases: { args: string[]; code: string; message: RegExp }[] = [
      { args: ["memorize", path.join(dir, "missing.json")], code: "RESOURCE_UNREADABLE", message: /no such file/ },
      { args: ["memorize", malformed], code: "RESOURCE_UNREADABLE", message: /not valid JSON/ },
      { args: ["memorize", big, "--max-bytes", "100"], code: "RESOURCE_REFUSED", message: /over the limit of 100/ },
      { args: ["memorize", "http://127.0.0.1:9/x.json"], code: "RESOURCE_REFUSED", message: /not in the allowed hosts/ },
      { args: ["memorize", "ftp://example.com/x"], code: "RESOURCE_REFUSED", message: /only local paths and http/ },
      { args: ["memorize", good, "--modality", "image"], code: "MODEL_NOT_CONFIGURED", message: /"vision" profile/ },
      { args: ["items", "--user", ""], code: "VALIDATION", message: /scope.userId/ },
      { args: ["trace", "itm_nope"], code: "NOT_FOUND", message: /No item/ },
      { args: ["forget"], code: "USAGE", message: /--yes/ },
    ];
    for (const { args, code, message } of cases) {
      const result = await cli([...args, "--dir", dir, "--json", ...(args.includes("--user") ? [] : ["--user", "ann"])], dir);
      expect(result.code, args.join(" ")).toBe(EXIT.badInput);
      const error = JSON.parse(result.stderr).error as { code: string; message: string };
      expect(error.code, args.join(" ")).toBe(code);
      expect(error.message).toMatch(message);
    }
    expect((await cli(["memorize", good, "--modality", "hologram", "--dir", dir], dir)).code).toBe(EXIT.badInput);
    expect((await cli(["retrieve"], dir)).code).toBe(EXIT.badInput);
    expect((await cli(["export", "--user", "ann", "--dir", dir], dir)).stdout).toBe(before);
  });

  it("exits 1 on a failure that is not the caller's fault", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "memograph-cli-"));
    // A file where the store folder should be: the store cannot open.
    const blocked = path.join(dir, "not-a-dir");
    await writeFile(blocked, "x");
    const result = await cli(["items", "--dir", blocked], dir);
    expect(result.code).toBe(EXIT.failure);
  });

  it("pages, lists categories with summaries, exports and forgets", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "memograph-cli-"));
    const file = path.join(dir, "notes.md");
    await writeFile(file, "I like green tea in the morning. I work as a carpenter in Bergen. I play chess every Sunday with my brother.");
    await cli(["memorize", file, "--user", "kim", "--dir", dir], dir);
    const page = JSON.parse((await cli(["items", "--user", "kim", "--dir", dir, "--limit", "2", "--json"], dir)).stdout);
    expect(page.records).toHaveLength(2);
    const rest = JSON.parse((await cli(["items", "--user", "kim", "--dir", dir, "--cursor", page.nextCursor, "--json"], dir)).stdout);
    expect(rest.records).toHaveLength(1);
    const categories = (await cli(["categories", "--user", "kim", "--dir", dir, "--summaries"], dir)).stdout;
    expect(categories).toMatch(/work_life \(1 item\)/);
    expect(categories).toContain("carpenter in Bergen");
    const exported = JSON.parse((await cli(["export", "--user", "kim", "--dir", dir], dir)).stdout);
    expect(exported.items).toHaveLength(3);
    expect(exported.resources[0].text).toContain("carpenter");
    const forgot = JSON.parse((await cli(["forget", "--yes", "--user", "kim", "--dir", dir, "--json"], dir)).stdout);
    expect(forgot).toMatchObject({ resources: 1, items: 3 });
    // No server ever used this folder: the forget added no task queue to it.
    expect(SqliteTaskStore.openExisting(dir)).toBeNull();
    expect(JSON.parse((await cli(["items", "--user", "kim", "--dir", dir, "--json"], dir)).stdout).records).toEqual([]);
  });

  it("forgets a user's server tasks with their memories, and refuses while one of them runs", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "memograph-cli-"));
    const file = path.join(dir, "notes.md");
    await writeFile(file, "I work as a carpenter in Bergen.");
    await cli(["memorize", file, "--user", "kim", "--dir", dir], dir);
    // What a server over this folder keeps: Kim's queued conversations, and Lee's.
    const state = await openEmbeddedServerState({ dir });
    const { task } = await state.tasks.enqueue({ kind: "memorize", scope: { userId: "kim" }, input: { content: "My locker code is 4471." } });
    await state.tasks.enqueue({ kind: "memorize", scope: { userId: "lee" }, input: { content: "Lee's note." } });
    await state.tasks.claim("a-server", 60_000);
    const refused = await cli(["forget", "--yes", "--user", "kim", "--dir", dir], dir);
    expect(refused.code).toBe(EXIT.failure);
    expect(refused.stderr).toMatch(/Task tsk_\w+ of this scope is running/);
    await state.tasks.complete(task.id, "a-server", { items: [] });
    expect((await cli(["forget", "--yes", "--user", "kim", "--dir", dir], dir)).code).toBe(EXIT.ok);
    expect((await state.tasks.list(null, { limit: 10 })).records.map((left) => left.scope)).toEqual([{ userId: "lee" }]);
    await state.close();
  });
});
