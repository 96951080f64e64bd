import { isStopword, words } from "./text.js";

/**
 * A keyword query from plain text, in the syntax SQLite FTS5 and Lucene share: each distinct word quoted, OR-ed.
 * Words hold only letters and digits, so no character of the input can act as query syntax. Stop words are dropped
 * unless nothing else is left. Null when the text has no word at all.
 */
export function keywordQuery(text: string): string | null {
  const all = [...new Set(words(text).map((word) => word.replace(/'/g, "")))].filter((word) => word !== "");
  const content = all.filter((word) => !isStopword(word));
  const chosen = content.length > 0 ? content : all;
  return chosen.length === 0 ? null : chosen.map((word) => `"${word}"`).join(" OR ");
}
