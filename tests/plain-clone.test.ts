import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// A user's plain clone has nothing beside it: tests, examples and README commands use only what the repository holds
// or makes. Benchmarks may read the LoCoMo data they are pointed at with --data.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const OUTSIDE = /\.\.\/shared\b|\/shared\/data\b/;

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(path.join(root, dir), { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && /\.(ts|tsx|mts|js|mjs|json)$/.test(entry.name))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .filter((file) => !file.split(path.sep).some((part) => part === "node_modules" || part === "dist"));
}

describe("a plain clone", () => {
  it("has no test, example or package source that reads outside the repository", async () => {
    const files = [...(await sources("tests")), ...(await sources("examples")), ...(await sources("packages"))];
    expect(files.length).toBeGreaterThan(50);
    const offenders: string[] = [];
    for (const file of files) if (OUTSIDE.test(await readFile(path.join(root, file), "utf8"))) offenders.push(file);
    // This file names the pattern it looks for.
    expect(offenders.filter((file) => file !== path.join("tests", "plain-clone.test.ts"))).toEqual([]);
  });

  it("has README commands that read outside the repository only as a benchmark's --data", async () => {
    const readme = await readFile(path.join(root, "README.md"), "utf8");
    const outside = readme.split("\n").filter((line) => OUTSIDE.test(line));
    for (const line of outside) expect(line, line).toMatch(/(bench:[a-z-]+.*--data|^our CI has them at)/);
  });
});
