import { isStopword, words } from "./text.js";

/**
 * A keyword query from plain text in Lucene's syntax (the Neo4j store's full-text search): each distinct word quoted, OR-ed.
 * Words hold only letters and digits, so no character of the input can act as query syntax. Stop words are dropped
 * unless nothing else is left. Null when the text has no word at all.
 */
export function keywordQuery(text: string): string | null {
  const terms = keywordTerms(text);
  return terms.length === 0 ? null : orQuery(terms);
}

/** The distinct words a keyword query searches for (stop words dropped unless nothing else is left). */
export function keywordTerms(text: string): string[] {
  const all = [...new Set(words(text).map((word) => word.replace(/'/g, "")))].filter((word) => word !== "");
  const content = all.filter((word) => !isStopword(word));
  return content.length > 0 ? content : all;
}

/** Terms from `keywordTerms`, each quoted, OR-ed. */
export function orQuery(terms: readonly string[]): string {
  return terms.map((word) => `"${word}"`).join(" OR ");
}
