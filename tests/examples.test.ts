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
});
