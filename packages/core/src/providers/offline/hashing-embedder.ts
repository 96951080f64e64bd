import type { Embedder } from "../../ports/index.js";
import { contentTerms, words, isStopword } from "../../util/text.js";

export interface HashingEmbedderOptions {
  /** Vector size; more dimensions mean fewer hash collisions. Default 512. */
  readonly dimensions?: number;
}

/**
 * A deterministic embedder with no weights (feature hashing): stemmed words, word pairs and character 4-grams,
 * each hashed to a signed slot, then L2-normalised. It captures lexical overlap and morphology, not meaning;
 * it is the offline default so that memograph works with no model and no key.
 */
export class HashingEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  readonly lexical = true;

  constructor(options: HashingEmbedderOptions = {}) {
    this.dimensions = options.dimensions ?? 512;
    this.id = `memograph-hashing-v1-${this.dimensions}`;
  }

  async embed(texts: readonly string[]): Promise<number[][]> {
    return texts.map((text) => this.embedOne(text));
  }

  embedOne(text: string): number[] {
    const vector = new Float64Array(this.dimensions);
    const terms = contentTerms(text);
    terms.forEach((term, index) => {
      this.add(vector, `w:${term}`, 1);
      const next = terms[index + 1];
      if (next !== undefined) this.add(vector, `b:${term} ${next}`, 0.5);
    });
    for (const word of words(text)) {
      if (isStopword(word) || word.length < 5) continue;
      const padded = `<${word}>`;
      for (let i = 0; i + 4 <= padded.length; i++) this.add(vector, `c:${padded.slice(i, i + 4)}`, 0.15);
    }
    let norm = 0;
    for (const value of vector) norm += value * value;
    norm = Math.sqrt(norm);
    return Array.from(vector, (value) => (norm === 0 ? 0 : value / norm));
  }

  private add(vector: Float64Array, feature: string, weight: number): void {
    const hash = fnv1a(feature);
    const slot = hash % this.dimensions;
    vector[slot]! += hash & 0x80000000 ? -weight : weight;
  }
}

/** 32-bit FNV-1a: fast, well distributed, stable across platforms. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
