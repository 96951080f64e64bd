import type { Embedder } from "../ports/index.js";
import type { UnitWindow } from "./unit-window.js";

// The texts a node's vector is computed from: memorize, the service and reindex embed the same ones.

// The resource's own vector is for resource-level search; a whole long transcript would blur it.
const RESOURCE_EMBED_CHARS = 4000;

export function resourceVectorText(text: string): string {
  return text.slice(0, RESOURCE_EMBED_CHARS);
}

export interface ItemVectorSource {
  readonly summary: string;
  /** The units of its source around what it cites (unit-window.ts); null for a memory with no source in hand. */
  readonly window: UnitWindow | null;
}

/** A window's cited units count twice their neighbours (LoCoMo dev; bench/README.md). */
const CITED_WEIGHT = 2;
/**
 * How much the summary counts beside its window (whose weighted sum is normalised first). LoCoMo dev: 0.25 to 0.75
 * scored alike, 1 and 1.5 a little lower, and the window without the summary about 0.01 lower (bench/README.md).
 */
const SUMMARY_WEIGHT = 0.5;

/**
 * Embeds `texts` and the items at once, each distinct text once, and returns the texts' vectors, then the items'.
 * An item's vector carries its source: a one-sentence memory alone is too little for a semantic model, and questions
 * use the words of the messages around it ("Do you have pets?" / "Yup, Oscar, my guinea pig."). Each unit of a
 * window (a message, a paragraph) is embedded on its own, once per memorize however many memories' windows hold it,
 * and the window's vector is their weighted sum: cheaper than embedding each memory's passage as one text, and it
 * ranked better (LoCoMo dev R@10 0.797 against 0.759, with fusion k = 20; bench/README.md). The item's vector is the normalised sum of
 * that and its summary's vector at `SUMMARY_WEIGHT`; a memory kept word for word in a unit it cites (a document's
 * sentence) takes the window's vector alone, and a memory without a window its summary's.
 */
export async function embedWithItems(embedder: Embedder, texts: readonly string[], items: readonly ItemVectorSource[]): Promise<{ texts: number[][]; items: number[][] }> {
  const distinct = new Map<string, number>();
  const slot = (text: string) => {
    let index = distinct.get(text);
    if (index === undefined) distinct.set(text, (index = distinct.size));
    return index;
  };
  const textSlots = texts.map(slot);
  const itemSlots = items.map(({ summary, window }) => {
    const units = window?.units.map((unit) => ({ slot: slot(unit.text), weight: unit.cited ? CITED_WEIGHT : 1 })) ?? [];
    const verbatim = window?.units.some((unit) => unit.cited && unit.text.includes(summary)) ?? false;
    return { summary: verbatim ? null : slot(summary), units };
  });
  const vectors = distinct.size === 0 ? [] : await embedder.embed([...distinct.keys()]);
  return {
    texts: textSlots.map((index) => vectors[index]!),
    items: itemSlots.map(({ summary, units }) => {
      if (units.length === 0) return vectors[summary!]!;
      const window = normalised(weightedSum(units.map(({ slot: index, weight }) => ({ vector: vectors[index]!, weight }))));
      return summary === null ? window : normalised(weightedSum([{ vector: window, weight: 1 }, { vector: vectors[summary]!, weight: SUMMARY_WEIGHT }]));
    }),
  };
}

function weightedSum(terms: readonly { vector: readonly number[]; weight: number }[]): number[] {
  const sum = new Array<number>(terms[0]!.vector.length).fill(0);
  for (const { vector, weight } of terms) vector.forEach((value, index) => (sum[index]! += weight * value));
  return sum;
}

function normalised(vector: readonly number[]): number[] {
  const norm = Math.sqrt(vector.reduce((total, value) => total + value * value, 0)) || 1;
  return vector.map((value) => value / norm);
}
