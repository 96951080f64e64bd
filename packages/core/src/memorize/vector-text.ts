// The texts a node's vector is computed from: memorize and reindex embed the same ones.

// The resource's own vector is for resource-level search; a whole long transcript would blur it.
const RESOURCE_EMBED_CHARS = 4000;

export function resourceVectorText(text: string): string {
  return text.slice(0, RESOURCE_EMBED_CHARS);
}

/**
 * An item's vector also carries its source passage: a one-sentence memory alone is too little for a semantic model
 * (LoCoMo dev, conv-26: vector-only recall@10 0.570 on the summary, 0.684 with the passage; bench/README.md).
 */
export function itemVectorText(summary: string, context: string | null | undefined): string {
  return context ? `${summary}\n${context}` : summary;
}
