import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createMemory } from "@memograph/core";
import { describe, expect, it } from "vitest";
import { cli } from "../test-cli.js";

describe("memograph retrieve --ranking", () => {
  it("passes the ranking and half-life to retrieve", async () => {
    // Each retrieve records accesses, which revive what it returns: every case gets a store of its own.
    const first = async (...extra: string[]) => {
      const dir = await mkdtemp(path.join(tmpdir(), "memograph-ranking-"));
      let clock = new Date(Date.now() - 200 * 86_400_000);
      const memory = await createMemory({ dir, now: () => clock });
      const scope = { userId: "ann" };
      const stale = await memory.createItem({ scope, type: "profile", summary: "Ann drinks green tea every morning." });
      clock = new Date(Date.now() - 86_400_000);
      const fresh = await memory.createItem({ scope, type: "profile", summary: "Ann drinks black tea every morning." });
      await memory.close();
      const id = JSON.parse((await cli(["retrieve", "green tea morning", "--json", "--user", "ann", "--dir", dir, ...extra], dir)).stdout).items[0].id;
      return id === stale.id ? "stale" : id === fresh.id ? "fresh" : id;
    };
    expect(await first()).toBe("stale");
    expect(await first("--ranking", "salience")).toBe("fresh");
    expect(await first("--ranking", "salience", "--half-life-days", "36500")).toBe("stale");
  });
});
