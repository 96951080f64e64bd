import { Embeddings, type EmbeddingsParams } from "@langchain/core/embeddings";
import type { Embedder } from "@memograph/core";

/** A memograph `Embedder` as LangChain `Embeddings`, for LangChain vector stores, LangGraph store indexes and the like. */
export class MemographEmbeddings extends Embeddings {
  constructor(
    private readonly embedder: Embedder,
    params: EmbeddingsParams = {},
  ) {
    super(params);
  }

  get dimensions(): number {
    return this.embedder.dimensions;
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    return this.caller.call(() => this.embedder.embed(documents));
  }

  async embedQuery(document: string): Promise<number[]> {
    const [vector] = await this.caller.call(() => this.embedder.embed([document]));
    return vector!;
  }
}
