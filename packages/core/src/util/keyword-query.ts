import { isStopword, words } from "./text.js";

/**
 * The most distinct words one keyword search looks for. A search's cost grows with its words (a Lucene query over
 * several fields fails past 1,024 clauses), and a few dozen of a long text's rarest words rank it as well as all.
 */
export const MAX_KEYWORD_TERMS = 64;

/**
 * A keyword query from plain text in Lucene's syntax (the Neo4j store's full-text search): each distinct word quoted, OR-ed.
 * Words hold only letters and digits, so no character of the input can act as query syntax. Stop words are dropped
 * unless nothing else is left. Null when the text has no word at all.
 */
export function keywordQuery(text: string): string | null {
  const terms = keywordTerms(text);
  return terms.length === 0 ? null : orQuery(terms);
}

/**
 * The distinct words a keyword query searches for (stop words dropped unless nothing else is left): at most
 * `MAX_KEYWORD_TERMS`, the longest (longer words tend to be rarer, and the query cannot know which are), in order.
 */
export function keywordTerms(text: string): string[] {
  const all = [...new Set(words(text).map((word) => word.replace(/'/g, "")))].filter((word) => word !== "");
  const content = all.filter((word) => !isStopword(word));
  return longest(content.length > 0 ? content : all, MAX_KEYWORD_TERMS);
}

/** The `limit` longest of `terms` (ties: the earlier), in their order. */
function longest(terms: readonly string[], limit: number): string[] {
  if (terms.length <= limit) return [...terms];
  const kept = new Set(
    terms
      .map((term, index) => ({ term, index }))
      .sort((a, b) => b.term.length - a.term.length || a.index - b.index)
      .slice(0, limit)
      .map((entry) => entry.index),
  );
  return terms.filter((_, index) => kept.has(index));
}

/** Terms from `keywordTerms`, each quoted, OR-ed. */
export function orQuery(terms: readonly string[]): string {
  return terms.map((word) => `"${word}"`).join(" OR ");
}
