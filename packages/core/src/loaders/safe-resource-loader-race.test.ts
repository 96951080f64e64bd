import { spawn } from "node:child_process";
import { mkdir, mkdtemp, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MemographError } from "../errors/index.js";
import { SafeResourceLoader } from "./safe-resource-loader.js";

// Swaps `root/dir` between a real folder and a symlink to a folder outside the root, as fast as it can.
const SWAPPER = `
const { renameSync } = require("node:fs");
const [dir, real, link] = process.argv.slice(1);
for (;;) {
  renameSync(dir, real); renameSync(link, dir);
  renameSync(dir, link); renameSync(real, dir);
}`;

describe("SafeResourceLoader under a racing symlink swap", () => {
  it("never reads outside its roots while a folder on the path is swapped for a symlink", async () => {
    const top = await mkdtemp(path.join(tmpdir(), "memograph-race-"));
    const root = path.join(top, "root");
    await mkdir(path.join(root, "dir"), { recursive: true });
    await mkdir(path.join(top, "outside"));
    await writeFile(path.join(root, "dir", "notes.txt"), "inside");
    await writeFile(path.join(top, "outside", "notes.txt"), "SECRET");
    await symlink(path.join(top, "outside"), path.join(root, "link"));
    const swapper = spawn(process.execPath, ["-e", SWAPPER, path.join(root, "dir"), path.join(root, "real"), path.join(root, "link")], { stdio: "ignore" });
    const loader = new SafeResourceLoader({ roots: [root] });
    const outcomes = { inside: 0, refused: 0, unreadable: 0 };
    try {
      // Long enough for the swaps to hit every step between the check and the read many times over.
      const until = Date.now() + 3000;
      while (Date.now() < until) {
        try {
          const text = Buffer.from((await loader.load({ uri: path.join(root, "dir", "notes.txt") })).bytes).toString();
          expect(text).toBe("inside");
          outcomes.inside++;
        } catch (error) {
          if (!MemographError.isInstance(error)) throw error;
          expect(["RESOURCE_REFUSED", "RESOURCE_UNREADABLE"]).toContain(error.code);
          outcomes[error.code === "RESOURCE_REFUSED" ? "refused" : "unreadable"]++;
        }
      }
    } finally {
      swapper.kill();
    }
    // The race ran both ways: loads that got in and loads that were turned away.
    expect(outcomes.inside).toBeGreaterThan(0);
    expect(outcomes.refused + outcomes.unreadable).toBeGreaterThan(0);
  });
});
