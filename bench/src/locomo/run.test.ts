import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { TINY_DIALOGUE } from "./tiny-conversation.js";
import { loadLocomo } from "./dataset.js";
import { runBenchmark } from "./run.js";
import { bm25Turns, memograph, type RetrievalSystem } from "./systems.js";

// The tiny dialogue, with a qa block the engine must never use.
const tiny = {
  ...TINY_DIALOGUE,
  qa: [
    { question: "What is the name of Ana's kitten?", answer: "Pixel", evidence: ["D1:1"], category: 4 },
    { question: "Which instrument is Bo learning?", answer: "cello", evidence: ["D1:2"], category: 4 },
    { question: "What does the kitten Pixel love, and when was it adopted?", answer: "laser dots; 1 March 2024", evidence: ["D1:3", "D1:1"], category: 1 },
    { question: "What is Ana's favourite car?", adversarial_answer: "none", evidence: ["D1:1"], category: 5 },
  ],
};

/** A system that always returns the turns given, to check the arithmetic against hand-computed recall. */
function fixed(turns: string[][]): RetrievalSystem {
  return { name: "fixed", prepare: async () => {}, search: async () => turns, close: async () => {} };
}

describe("LoCoMo benchmark on a tiny conversation", () => {
  it("loads the layout, scores categories 1–4 only, and computes recall by hand-checkable arithmetic", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "locomo-"));
    await writeFile(path.join(dir, "tiny.json"), JSON.stringify(tiny));
    const conversations = await loadLocomo(dir);
    expect(conversations[0]!.questions).toHaveLength(3);

    // Every question gets [D1:2], then [D1:1, D1:3]. k=1 → {D1:2}; k=2 → {D1:2, D1:1}; k=3 → all three.
    // Q1 (D1:1): 0, 1, 1. Q2 (D1:2): 1, 1, 1. Q3 (D1:3, D1:1): 0, 0.5, 1. Means: 1/3, 2.5/3, 1.
    const [result] = await runBenchmark(conversations, [fixed([["D1:2"], ["D1:1", "D1:3"]])], [1, 2, 3]);
    expect(result!.recall["1"]).toBeCloseTo(1 / 3, 10);
    expect(result!.recall["2"]).toBeCloseTo(2.5 / 3, 10);
    expect(result!.recall["3"]).toBe(1);
    expect(result!.perCategory["1"]!["2"]).toBe(0.5);
    expect(result!.perCategory["4"]!["1"]).toBe(0.5);
    expect(result!.n).toBe(3);
  });

  it("runs memograph and BM25 end to end: each finds the single-hop evidence first", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "locomo-"));
    await writeFile(path.join(dir, "tiny.json"), JSON.stringify(tiny));
    const conversations = await loadLocomo(dir);
    const results = await runBenchmark(conversations, [await memograph(dir, "embedded"), bm25Turns()], [1, 3]);
    for (const result of results) {
      expect(result.perCategory["4"]!["1"], result.system).toBe(1);
      expect(result.recall["3"], result.system).toBe(1);
    }
  });
});
