import type { Embedder } from "../ports/index.js";

// The texts a node's vector is computed from: memorize and reindex embed the same ones.

// The resource's own vector is for resource-level search; a whole long transcript would blur it.
const RESOURCE_EMBED_CHARS = 4000;

export function resourceVectorText(text: string): string {
  return text.slice(0, RESOURCE_EMBED_CHARS);
}

export interface ItemVectorSource {
  readonly summary: string;
  /** The item's source passage (memorize/source-context.ts), "" or null when it has none. */
  readonly context: string | null | undefined;
}

/**
 * Embeds `texts` and the items at once, each distinct text once, and returns the texts' vectors, then the items'.
 * An item's vector carries its source passage too: a one-sentence memory alone is too little for a semantic model
 * (LoCoMo dev, conv-26: vector-only recall@10 0.570 on the summary, 0.684 with the passage; bench/README.md). It is
 * the normalised sum of the summary's vector and the passage's, not the vector of both texts joined: the memories of
 * one message share its passage, which is then embedded once instead of once per memory (bench/README.md, Embed
 * cost). A memory whose summary is word for word in its passage takes the passage's vector alone.
 */
export async function embedWithItems(embedder: Embedder, texts: readonly string[], items: readonly ItemVectorSource[]): Promise<{ texts: number[][]; items: number[][] }> {
  const distinct = new Map<string, number>();
  const slot = (text: string) => {
    let index = distinct.get(text);
    if (index === undefined) distinct.set(text, (index = distinct.size));
    return index;
  };
  const textSlots = texts.map(slot);
  const itemSlots = items.map((item) => {
    // A statement kept word for word (a document's sentence) is already in its passage: the passage's vector is its.
    if (item.context && item.context.includes(item.summary)) return { summary: null, context: slot(item.context) };
    return { summary: slot(item.summary), context: item.context ? slot(item.context) : null };
  });
  const vectors = distinct.size === 0 ? [] : await embedder.embed([...distinct.keys()]);
  return {
    texts: textSlots.map((index) => vectors[index]!),
    items: itemSlots.map(({ summary, context }) => {
      if (summary === null) return vectors[context!]!;
      return context === null ? vectors[summary]! : normalisedSum(vectors[summary]!, vectors[context]!);
    }),
  };
}

function normalisedSum(a: readonly number[], b: readonly number[]): number[] {
  const sum = a.map((value, index) => value + b[index]!);
  const norm = Math.sqrt(sum.reduce((total, value) => total + value * value, 0)) || 1;
  return sum.map((value) => value / norm);
}
