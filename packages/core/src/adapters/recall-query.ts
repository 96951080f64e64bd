/** The longest query adapters recall with, in characters: well under retrieve's limit, and enough for any question. */
export const RECALL_QUERY_CHARS = 2000;

const GAP = " … ";

/**
 * A user's message as a recall query of at most `maxChars` characters (at least 100): whitespace collapsed, and a
 * longer message condensed to its start and its end (where a question usually stands), cut between words. A long
 * message must not make the user's own call fail, so this never throws.
 */
export function recallQuery(message: string, maxChars: number = RECALL_QUERY_CHARS): string {
  const text = message.replace(/\s+/g, " ").trim();
  const budget = Math.max(100, Math.floor(maxChars)) - GAP.length;
  if (text.length <= budget + GAP.length) return text;
  const head = cutAtWord(text.slice(0, Math.floor(budget / 2)), "end");
  const tail = cutAtWord(text.slice(text.length - Math.ceil(budget / 2)), "start");
  return `${head}${GAP}${tail}`;
}

/** Drops a word cut in half at one end (unless that would drop everything). */
function cutAtWord(piece: string, end: "start" | "end"): string {
  const space = end === "end" ? piece.lastIndexOf(" ") : piece.indexOf(" ");
  if (space <= 0) return piece.trim();
  return (end === "end" ? piece.slice(0, space) : piece.slice(space + 1)).trim();
}
