import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { run, type CliIo } from "@memograph/cli";
import neo4j from "neo4j-driver";
import { describe, expect, it } from "vitest";
import { neo4jEnv } from "./require-neo4j.js";

const here = path.dirname(fileURLToPath(import.meta.url));
// A conversation of our own making in the LoCoMo layout (fixtures/README.md).
const LOCOMO = path.resolve(here, "../../fixtures/locomo/nadia-tomas.json");

// The server state's namespace of this run: no server ever uses it.
const namespace = `cli-${randomUUID()}`;

// The shared test database is built with the hashing embedder by the other Neo4j tests; one database, one embedder.
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { uri, user, password } = neo4jEnv();
  let stdout = "";
  let stderr = "";
  const env = { NEO4J_URI: uri, NEO4J_USER: user, NEO4J_PASSWORD: password, MEMOGRAPH_EMBEDDER: "hashing", MEMOGRAPH_NAMESPACE: namespace };
  const io: CliIo = { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), interactive: false, env, cwd: here };
  return { code: await run(args, io), stdout, stderr };
}

describe("memograph CLI with --store neo4j", () => {
  it("memorizes a LoCoMo-layout conversation, retrieves D1:3 with its date, and traces it to the message", async () => {
    const user = `nadia-${randomUUID()}`;
    const memorized = await cli(["memorize", LOCOMO, "--store", "neo4j", "--user", user, "--json"]);
    expect(memorized.code, memorized.stderr).toBe(0);
    // The offline extractor keeps the informative turns (it drops questions and small talk): well over half of them.
    const turns = Object.entries(JSON.parse(await readFile(LOCOMO, "utf8")) as Record<string, unknown>).filter(([key]) => /^session_\d+$/.test(key)).flatMap(([, value]) => value as unknown[]);
    expect(JSON.parse(memorized.stdout).items.length).toBeGreaterThan(turns.length / 2);

    const retrieved = await cli(["retrieve", "When did Nadia go to the bouldering meetup?", "--store", "neo4j", "--user", user, "--json"]);
    const items = JSON.parse(retrieved.stdout).items as { id: string; summary: string; sources: { span: { messageIds: string[] } }[] }[];
    const hit = items.find((item) => item.sources.some((source) => source.span.messageIds.includes("D1:3")));
    expect(hit?.summary).toContain("7 May 2023");

    const traced = await cli(["trace", hit!.id, "--store", "neo4j", "--user", user]);
    expect(traced.stdout).toContain("[D1:3] Nadia: I went to a bouldering meetup at the climbing gym yesterday");
    expect((await cli(["forget", "--yes", "--store", "neo4j", "--user", user, "--json"])).code).toBe(0);
    // No server keeps tasks in this namespace: the forget left no server state there.
    const { uri, user: neo4jUser, password } = neo4jEnv();
    const driver = neo4j.driver(uri, neo4j.auth.basic(neo4jUser, password));
    const state = await driver.executeQuery("MATCH (n:Task|TaskQueue {namespace: $namespace}) RETURN count(n) AS n", { namespace });
    await driver.close();
    expect(neo4j.integer.toNumber(state.records[0]!.get("n") as number)).toBe(0);
  });
});
