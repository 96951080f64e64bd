import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import type { Embedder } from "@memograph/core";

/** Any LangChain `Embeddings` as memograph's embedder port. `id` and `dimensions` let the store refuse a mismatch. */
export class LangChainEmbedder implements Embedder {
  constructor(
    private readonly embeddings: EmbeddingsInterface,
    readonly id: string,
    readonly dimensions: number,
  ) {}

  async embed(texts: readonly string[]): Promise<number[][]> {
    if (texts.length === 0) return [];
    const vectors = await this.embeddings.embedDocuments([...texts]);
    for (const vector of vectors) {
      if (vector.length !== this.dimensions) throw new Error(`${this.id} returned ${vector.length} dimensions, configured ${this.dimensions}`);
    }
    return vectors;
  }
}
