import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const run = promisify(execFile);

describe("examples run offline", () => {
  it("quickstart memorizes, retrieves with provenance and traces", async () => {
    const { stdout } = await run("pnpm", ["--filter", "@memograph/example-quickstart", "start"], { cwd: root });
    expect(stdout).toMatch(/Memorized \d+ memories in \d+ categories \(0 model calls\)/);
    expect(stdout).toContain("User migrated our pipelines to Apache Flink last week (the week before 14 March 2025)");
    expect(stdout).toContain("[m3] User: I migrated our pipelines to Apache Flink last week.");
  });

  it("ai-sdk remembers through a tool, recalls in a new call, and the middleware injects and memorizes", async () => {
    const { stdout } = await run("pnpm", ["--filter", "@memograph/example-ai-sdk", "start"], { cwd: root, env: { ...process.env, OPENAI_API_KEY: "" } });
    expect(stdout).toMatch(/> I am vegetarian and allergic to hazelnuts\.\n {2}tools: remember/);
    expect(stdout).toMatch(/> What am I allergic to\?\n {2}tools: recall\n {2}\(tool said: \{"items":\[\{"id":"itm_\w+","type":"profile","summary":"The user is vegetarian and allergic to hazelnuts\."/);
    expect(stdout).toContain("Going by what I remember:\n- The user is vegetarian and allergic to hazelnuts.");
    expect(stdout).toMatch(/Stored for sam: .*Plan a vegetarian dinner for tonight/);
  });
});
