import type { PutOperation } from "@langchain/langgraph-checkpoint";
import { textsAtPath } from "./value-paths.js";

/** What turns texts into vectors: LangChain's `Embeddings`, or memograph's embedder behind the same two calls. */
export interface TextEmbeddings {
  embedDocuments(texts: string[]): Promise<number[][]>;
  embedQuery(text: string): Promise<number[]>;
}

/**
 * The texts a put indexes, one per field path, as LangGraph's InMemoryStore takes them: a path that yields several
 * texts (`items[*].name`) gives `path.0`, `path.1`, …; a path that yields none gives no vector.
 */
export function fieldTexts(operation: PutOperation, defaultFields: readonly string[]): Record<string, string> {
  if (operation.value === null || operation.index === false) return {};
  const texts: Record<string, string> = {};
  for (const path of operation.index ?? defaultFields) {
    const found = textsAtPath(operation.value, path);
    if (found.length === 1) texts[path] = found[0]!;
    else found.forEach((text, index) => (texts[`${path}.${index}`] = text));
  }
  return texts;
}

function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let index = 0; index < a.length; index += 1) {
    dot += a[index]! * (b[index] ?? 0);
    normA += a[index]! * a[index]!;
  }
  for (const value of b) normB += value * value;
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}

/**
 * An entry's score for a query: the cosine similarity of its best-matching field, clamped to [0, 1] (equal to
 * InMemoryStore's score whenever that is not negative). `undefined` when the entry has no vector.
 */
export function bestFieldScore(query: readonly number[], vectors: Readonly<Record<string, readonly number[]>>): number | undefined {
  const scores = Object.values(vectors).map((vector) => cosine(query, vector));
  return scores.length === 0 ? undefined : Math.min(1, Math.max(0, ...scores));
}
