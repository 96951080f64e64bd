import { describe, expect, it } from "vitest";
import type { Embedder } from "../ports/index.js";
import { HashingEmbedder } from "../providers/offline/hashing-embedder.js";
import { embedWithItems } from "./vector-text.js";

/** Records what it is asked to embed. */
class CountingEmbedder implements Embedder {
  readonly id = "counting";
  readonly dimensions = 64;
  readonly seen: string[] = [];
  private readonly inner = new HashingEmbedder({ dimensions: 64 });
  async embed(texts: readonly string[]): Promise<number[][]> {
    this.seen.push(...texts);
    return this.inner.embed(texts);
  }
}

const cosine = (a: readonly number[], b: readonly number[]) => a.reduce((sum, value, index) => sum + value * b[index]!, 0);

describe("embedWithItems", () => {
  it("embeds each distinct text once: the memories of one message share its passage", async () => {
    const embedder = new CountingEmbedder();
    const passage = "Caroline: I went to the pride parade. Melanie: How was it?";
    const result = await embedWithItems(embedder, ["the resource"], [
      { summary: "Caroline went to the pride parade.", context: passage },
      { summary: "Caroline loved the parade.", context: passage },
      { summary: "Caroline loved the parade.", context: passage },
      { summary: "Made by hand.", context: null },
    ]);
    expect(embedder.seen.sort()).toEqual(["Caroline loved the parade.", "Caroline went to the pride parade.", "Made by hand.", passage, "the resource"].sort());
    expect(result.texts).toHaveLength(1);
    expect(result.items).toHaveLength(4);
    expect(result.items[1]).toEqual(result.items[2]);
  });

  it("gives an item the normalised sum of its summary's vector and its passage's, and the summary's alone without one", async () => {
    const embedder = new HashingEmbedder({ dimensions: 64 });
    const [summary, passage] = await embedder.embed(["Biscuit is a beagle.", "Mel: We adopted Biscuit, a beagle, last week."]);
    const { items } = await embedWithItems(embedder, [], [{ summary: "Biscuit is a beagle.", context: "Mel: We adopted Biscuit, a beagle, last week." }, { summary: "Biscuit is a beagle.", context: "" }]);
    expect(cosine(items[0]!, items[0]!)).toBeCloseTo(1, 10);
    const sum = summary!.map((value, index) => value + passage![index]!);
    const norm = Math.sqrt(cosine(sum, sum));
    items[0]!.forEach((value, index) => expect(value).toBeCloseTo(sum[index]! / norm, 10));
    expect(items[1]).toEqual(summary);
  });

  it("gives a statement kept word for word in its passage the passage's vector, embedding the passage alone", async () => {
    const embedder = new CountingEmbedder();
    const passage = "Alpha one. Bravo two. Charlie three.";
    const { items } = await embedWithItems(embedder, [], [{ summary: "Bravo two.", context: passage }]);
    expect(embedder.seen).toEqual([passage]);
    expect(items[0]).toEqual((await new HashingEmbedder({ dimensions: 64 }).embed([passage]))[0]);
  });
});
