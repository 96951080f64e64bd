import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { syntheticItems, syntheticQueries, vocabulary } from "./synthetic.js";

describe("scale benchmark", () => {
  it("generates the same Zipf-distributed data every run, spread over the users", () => {
    const items = syntheticItems(1000, 10);
    expect(syntheticItems(1000, 10)).toEqual(items);
    expect(new Set(items.map((item) => item.userId)).size).toBe(10);
    expect(new Set(vocabulary(5000)).size).toBe(5000);
    const counts = new Map<string, number>();
    for (const word of items.flatMap((item) => item.text.replace(".", "").split(" "))) counts.set(word, (counts.get(word) ?? 0) + 1);
    const ranked = [...counts.values()].sort((a, b) => b - a);
    // Zipf: the most common word is far more frequent than the 100th.
    expect(ranked[0]! / ranked[99]!).toBeGreaterThan(20);
    expect(syntheticQueries(5)).toEqual(syntheticQueries(5));
  });

  it("measures a small cell end to end and reports every figure", async () => {
    const runOne = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../dist/scale/run-one.js");
    for (const system of ["memograph-embedded", "memograph-embedded-access-off", "langgraph-inmemorystore"]) {
      const { stdout } = await promisify(execFile)(process.execPath, [runOne, "--system", system, "--size", "300", "--queries", "10", "--warmup", "2", "--warmup-seconds", "0.2"]);
      const row = JSON.parse(stdout);
      expect(row).toMatchObject({ system, size: 300 });
      // The warm-up runs for its time, and never fewer than the queries asked for.
      expect(row.warmupQueries).toBeGreaterThan(2);
      expect(row.ingestPerSecond).toBeGreaterThan(0);
      for (const view of ["all", "filtered"]) {
        expect(row.retrieveMs[view].p50).toBeGreaterThan(0);
        expect(row.retrieveMs[view].p99).toBeGreaterThanOrEqual(row.retrieveMs[view].p50);
        expect(row.retrieveMs[view].meanHits).toBeGreaterThan(0);
      }
    }
  });
});
