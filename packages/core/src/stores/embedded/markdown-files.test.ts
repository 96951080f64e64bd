import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Category } from "../../model/index.js";
import { MarkdownMirror, scopeFolder } from "./markdown-files.js";

const category = (summary: string): Category => ({
  id: "cat_1",
  name: "knowledge",
  description: "",
  summary,
  citedItemIds: [],
  itemCount: 1,
  scope: { userId: "u1" },
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
});

describe("MarkdownMirror", () => {
  it("survives concurrent writes of one category: every write succeeds, one whole version remains, no temporary file", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "memograph-mirror-"));
    const mirror = new MarkdownMirror(root);
    await Promise.all(Array.from({ length: 20 }, (_, index) => mirror.write([category(`- version ${index}`)])));
    const folder = path.join(root, scopeFolder({ userId: "u1" }));
    expect(await readdir(folder)).toEqual(["knowledge.md"]);
    expect(await readFile(path.join(folder, "knowledge.md"), "utf8")).toMatch(/^# knowledge\n\n- version \d+\n$/);
  });
});
