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

const dot = (a: readonly number[], b: readonly number[]) => a.reduce((sum, value, index) => sum + value * b[index]!, 0);
const normalised = (vector: readonly number[]) => vector.map((value) => value / Math.sqrt(dot(vector, vector)));
const combine = (...terms: [number, readonly number[]][]) => terms.reduce((sum, [weight, vector]) => sum.map((value, index) => value + weight * vector[index]!), new Array<number>(64).fill(0));

const asked = "Melanie: Do you have any pets?";
const said = "Caroline: Yup, Oscar, my guinea pig. He loves carrots.";
const after = "Melanie: So cute!";
const window = { units: [{ text: asked, cited: false }, { text: said, cited: true }, { text: after, cited: false }] };

describe("embedWithItems", () => {
  it("embeds each distinct text once: the memories of one message share its window's units", async () => {
    const embedder = new CountingEmbedder();
    const result = await embedWithItems(embedder, ["the resource"], [
      { summary: "Caroline has a guinea pig called Oscar.", window },
      { summary: "Oscar loves carrots.", window },
      { summary: "Oscar loves carrots.", window },
      { summary: "Made by hand.", window: null },
    ]);
    expect(embedder.seen.sort()).toEqual(["Caroline has a guinea pig called Oscar.", "Made by hand.", "Oscar loves carrots.", after, asked, said, "the resource"].sort());
    expect(result.texts).toHaveLength(1);
    expect(result.items).toHaveLength(4);
    expect(result.items[1]).toEqual(result.items[2]);
    expect(result.items[0]).not.toEqual(result.items[1]);
  });

  it("gives an item its window's units summed, the cited one twice, normalised, plus half its summary's vector, normalised", async () => {
    const embedder = new HashingEmbedder({ dimensions: 64 });
    const summary = "Caroline has a guinea pig called Oscar.";
    const [s, a, c, n] = await embedder.embed([summary, asked, said, after]);
    const { items } = await embedWithItems(embedder, [], [{ summary, window }, { summary, window: null }]);
    const expected = normalised(combine([1, normalised(combine([1, a!], [2, c!], [1, n!]))], [0.5, s!]));
    items[0]!.forEach((value, index) => expect(value).toBeCloseTo(expected[index]!, 10));
    expect(dot(items[0]!, items[0]!)).toBeCloseTo(1, 10);
    expect(items[1]).toEqual(s);
  });

  it("gives a statement kept word for word in a unit it cites the window's vector, without embedding the statement", async () => {
    const embedder = new CountingEmbedder();
    const paragraphs = { units: [{ text: "Alpha one.", cited: false }, { text: "Bravo two. Charlie three.", cited: true }] };
    const { items } = await embedWithItems(embedder, [], [{ summary: "Bravo two.", window: paragraphs }]);
    expect(embedder.seen.sort()).toEqual(["Alpha one.", "Bravo two. Charlie three."]);
    const [alpha, bravo] = await new HashingEmbedder({ dimensions: 64 }).embed(["Alpha one.", "Bravo two. Charlie three."]);
    const expected = normalised(combine([1, alpha!], [2, bravo!]));
    items[0]!.forEach((value, index) => expect(value).toBeCloseTo(expected[index]!, 10));
  });

  it("embeds a statement found only in a neighbour beside the window: it is not word for word in what it cites", async () => {
    const embedder = new HashingEmbedder({ dimensions: 64 });
    const [alpha, bravo] = await embedder.embed(["Alpha one.", "Bravo two."]);
    const { items } = await embedWithItems(embedder, [], [{ summary: "Alpha one.", window: { units: [{ text: "Alpha one.", cited: false }, { text: "Bravo two.", cited: true }] } }]);
    const expected = normalised(combine([1, normalised(combine([1, alpha!], [2, bravo!]))], [0.5, alpha!]));
    items[0]!.forEach((value, index) => expect(value).toBeCloseTo(expected[index]!, 10));
  });
});
