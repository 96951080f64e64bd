import { afterEach, describe, expect, it, vi } from "vitest";
import { SEGMENT_WINDOW, sentences } from "./sentences.js";

/** Deterministic text mixing the cases sentence rules look around: abbreviations, numbers, quotes, lower-case after a stop, long runs. */
function mixedText(length: number, seed: number): string {
  const pieces = [
    "I went home.", "Mr. Smith said hi.", "it was 3.5 km.", "Really?!", "\"Fine,\" she said.", "etc. (2) and more", "e.g. this one",
    "\n", "\n\n", "  ", "A very long clause without any end at all that keeps going and going", "Wow!", "(see above.)", "x. y. z.",
    "Done...", "1. 2. 3.", "¿Qué?", "end.\u2029", "…", ". . .", "OK. ok. Ok.", "No", "yes", "9.", "A.B.C. co.",
  ];
  let state = seed;
  let text = "";
  while (text.length < length) {
    state = (state * 1103515245 + 12345) % 2147483648;
    text += pieces[state % pieces.length] + (state % 3 === 0 ? "" : " ");
  }
  return text;
}

function wholeText(text: string) {
  const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });
  return [...segmenter.segment(text)]
    .map((segment) => ({ text: segment.segment.trim(), start: segment.index + (segment.segment.length - segment.segment.trimStart().length) }))
    .filter((sentence) => sentence.text !== "");
}

describe("sentences", () => {
  afterEach(() => vi.restoreAllMocks());

  it.each([1, 2, 3])("finds the sentences segmenting the whole text at once finds (seed %i)", (seed) => {
    const text = mixedText(6 * SEGMENT_WINDOW, seed);
    expect(sentences(text)).toEqual(wholeText(text));
  });

  it("keeps a sentence longer than a window whole", () => {
    const long = `Then${" word".repeat(3 * SEGMENT_WINDOW)} end.`;
    const text = `First one. ${long} Last one.`;
    expect(sentences(text)).toEqual(wholeText(text));
    expect(sentences(text)).toHaveLength(3);
  });

  it("never hands the segmenter more than a few windows of a long text", () => {
    // Each segment costs time in the length of the segmenter's input: one pass over 400 KB would take minutes.
    const lengths: number[] = [];
    const original = Intl.Segmenter.prototype.segment;
    vi.spyOn(Intl.Segmenter.prototype, "segment").mockImplementation(function (this: Intl.Segmenter, input: string) {
      lengths.push(input.length);
      return input.length > 4 * SEGMENT_WINDOW ? original.call(this, "") : original.call(this, input);
    });
    const text = "We walked to the lake and fed the ducks on Sunday. ".repeat(8000);
    const found = sentences(text);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(4 * SEGMENT_WINDOW);
    expect(found).toHaveLength(8000);
    // Each character is segmented a bounded number of times.
    expect(lengths.reduce((sum, length) => sum + length, 0)).toBeLessThan(3 * text.length);
  });
});
