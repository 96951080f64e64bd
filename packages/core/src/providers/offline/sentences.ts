const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

export interface Sentence {
  readonly text: string;
  /** Offset of the first character in the source text. */
  readonly start: number;
}

/**
 * Characters segmented at once. V8's segmenter spends time proportional to its whole input on every segment it
 * yields, so one pass over a long text costs the square of its length; windows of bounded size keep it linear.
 */
export const SEGMENT_WINDOW = 4096;

export function sentences(text: string): Sentence[] {
  const found: Sentence[] = [];
  const add = (segment: string, start: number) => {
    const trimmed = segment.trim();
    if (trimmed !== "") found.push({ text: trimmed, start: start + (segment.length - segment.trimStart().length) });
  };
  let from = 0;
  let size = SEGMENT_WINDOW;
  while (from < text.length) {
    const end = Math.min(text.length, from + size);
    const pieces = [...segmenter.segment(text.slice(from, end))];
    if (end === text.length) {
      for (const piece of pieces) add(piece.segment, from + piece.index);
      break;
    }
    // Only a boundary's look-ahead can reach past the window (a full stop followed by a lower-case word), and it
    // stops at the next sentence end: every boundary but the last one in the window is where the whole text has it.
    // The last two pieces are read again from the start of the next window.
    if (pieces.length < 3) {
      size *= 2;
      continue;
    }
    for (const piece of pieces.slice(0, -2)) add(piece.segment, from + piece.index);
    from += pieces.at(-2)!.index;
    size = SEGMENT_WINDOW;
  }
  return found;
}
