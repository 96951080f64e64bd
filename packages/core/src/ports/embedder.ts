/** Turns texts into vectors of a fixed, known dimension. */
export interface Embedder {
  /** Identifies the model and its settings; a store refuses vectors from another embedder. */
  readonly id: string;
  readonly dimensions: number;
  /**
   * True when vectors encode only word overlap (no meaning). Retrieval then leaves the vector list out of the fusion
   * by default: it is a weaker view of what keyword search already ranks, and fusing it lowers recall.
   */
  readonly lexical?: boolean;
  embed(texts: readonly string[]): Promise<number[][]>;
}
