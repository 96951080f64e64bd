import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createMemory, type CategoryChange } from "@memograph/core";
import { describe, expect, it } from "vitest";
import { EXIT } from "../io.js";
import { cli } from "../test-cli.js";

describe("memograph categories reorganize / changes", () => {
  it("shows the plan on a dry run, applies it, and lists the change log; the user's other categories command still lists", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "memograph-reorganize-"));
    const memory = await createMemory({ dir });
    const scope = { userId: "ann" };
    for (const pastime of ["chess openings", "chess puzzles", "chess clubs", "tennis serves", "tennis doubles", "tennis rackets"]) {
      await memory.createItem({ scope, type: "behavior", summary: `Ann studies ${pastime} on weekdays.`, categories: ["hobbies"] });
    }
    await memory.close();
    const common = ["--user", "ann", "--dir", dir];

    const planned = await cli(["categories", "reorganize", "--split-above", "4", "--dry-run", ...common], dir);
    expect(planned.code).toBe(EXIT.ok);
    expect(planned.stdout).toMatch(/^Would make 1 change:\n {2}\S+ split hobbies into hobbies-chess, hobbies-tennis \(keywords, 6 items moved\): 6 active items, more than 4/);
    expect((await cli(["categories", "changes", ...common], dir)).stdout).toBe("No category changes yet.\n");

    const made = await cli(["categories", "reorganize", "--split-above", "4", "--json", ...common], dir);
    expect(made.code).toBe(EXIT.ok);
    expect(JSON.parse(made.stdout).changes.map((change: CategoryChange) => change.to)).toEqual([["hobbies-chess", "hobbies-tennis"]]);
    const log = JSON.parse((await cli(["categories", "changes", "--json", ...common], dir)).stdout);
    expect(log.records.map((change: CategoryChange) => change.moves.length)).toEqual([6]);
    expect((await cli(["categories", ...common], dir)).stdout).toMatch(/hobbies-chess[\s\S]*hobbies-tennis/);

    const bad = await cli(["categories", "reorganize", "--split-above", "many", ...common], dir);
    expect(bad.code).toBe(EXIT.badInput);
  });
});
