const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

export interface Sentence {
  readonly text: string;
  /** Offset of the first character in the source text. */
  readonly start: number;
}

export function sentences(text: string): Sentence[] {
  return [...segmenter.segment(text)]
    .map((segment) => ({ text: segment.segment.trim(), start: segment.index + (segment.segment.length - segment.segment.trimStart().length) }))
    .filter((sentence) => sentence.text !== "");
}
