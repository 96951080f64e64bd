import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors/index.js";
import type { Embedder } from "../ports/index.js";
import { HashingEmbedder } from "../providers/offline/hashing-embedder.js";
import { createMemory } from "../index.js";
import { SEMANTIC_FUSION } from "./rag.js";

/** The hashing embedder's vectors, declared semantic: the fusion then treats its list as a meaning signal. */
class NonLexical implements Embedder {
  private readonly inner = new HashingEmbedder();
  readonly id = "test-non-lexical";
  readonly dimensions = this.inner.dimensions;
  embed(texts: readonly string[]): Promise<number[][]> {
    return this.inner.embed(texts);
  }
}

async function topScore(options: Parameters<typeof createMemory>[0]): Promise<number> {
  const memory = await createMemory(options);
  try {
    const scope = { userId: "ola" };
    await memory.createItem({ scope, type: "profile", summary: "Ola keeps bees on the roof of her flat." });
    const { items } = await memory.retrieve({ query: "bees on the roof", scope, topK: { items: 1, categories: 1, resources: 1 } });
    return items[0]!.score;
  } finally {
    await memory.close();
  }
}

describe("fusion settings", () => {
  it("fuse a semantic embedder's list with keywords at the tuned k, and leave a lexical one out", async () => {
    // The one item is first in both lists: weight / (k + 1) per list.
    expect(await topScore({ embedder: new NonLexical() })).toBeCloseTo((SEMANTIC_FUSION.vector + SEMANTIC_FUSION.text) / (SEMANTIC_FUSION.k! + 1), 12);
    expect(await topScore({ embedder: new HashingEmbedder() })).toBeCloseTo(1 / 61, 12);
    expect(await topScore({ embedder: new NonLexical(), fusionWeights: { vector: 2, text: 1, k: 0 } })).toBeCloseTo(3, 12);
  });

  it("refuse negative weights with a typed error naming the field", async () => {
    const error = await createMemory({ fusionWeights: { vector: -1, text: 1 } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe("fusionWeights.vector");
  });
});
