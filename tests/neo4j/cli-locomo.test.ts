import { randomUUID } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { run, type CliIo } from "@memograph/cli";
import { describe, expect, it } from "vitest";
import { neo4jEnv } from "./require-neo4j.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const LOCOMO = path.resolve(here, "../../../shared/data/locomo/conv-26.json");

// The shared test database is built with the hashing embedder by the other Neo4j tests; one database, one embedder.
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { uri, user, password } = neo4jEnv();
  let stdout = "";
  let stderr = "";
  const io: CliIo = { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), interactive: false, env: { NEO4J_URI: uri, NEO4J_USER: user, NEO4J_PASSWORD: password, MEMOGRAPH_EMBEDDER: "hashing" }, cwd: here };
  return { code: await run(args, io), stdout, stderr };
}

describe("memograph CLI with --store neo4j", () => {
  it("memorizes LoCoMo conv-26, retrieves D1:3 with its date, and traces it to the message", async () => {
    const user = `caroline-${randomUUID()}`;
    const memorized = await cli(["memorize", LOCOMO, "--store", "neo4j", "--user", user, "--json"]);
    expect(memorized.code, memorized.stderr).toBe(0);
    expect(JSON.parse(memorized.stdout).items.length).toBeGreaterThan(300);

    const retrieved = await cli(["retrieve", "When did Caroline go to the LGBTQ support group?", "--store", "neo4j", "--user", user, "--json"]);
    const items = JSON.parse(retrieved.stdout).items as { id: string; summary: string; sources: { span: { messageIds: string[] } }[] }[];
    const hit = items.find((item) => item.sources.some((source) => source.span.messageIds.includes("D1:3")));
    expect(hit?.summary).toContain("7 May 2023");

    const traced = await cli(["trace", hit!.id, "--store", "neo4j", "--user", user]);
    expect(traced.stdout).toContain("[D1:3] Caroline: I went to a LGBTQ support group yesterday");
    expect((await cli(["forget", "--yes", "--store", "neo4j", "--user", user, "--json"])).code).toBe(0);
  });
});
