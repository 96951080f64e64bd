import type { Conversation } from "../formats/conversation.js";
import type { CategoryDefinition, Modality, Span } from "../model/index.js";

/** A resource after preprocessing, ready for extraction. */
export type PreparedContent =
  | { readonly kind: "conversation"; readonly conversation: Conversation }
  | { readonly kind: "document"; readonly text: string };

export interface ExtractionInput {
  readonly uri: string;
  readonly modality: Modality;
  readonly content: PreparedContent;
}

export interface ExtractionContext {
  readonly memoryTypes: readonly string[];
  /** The categories of the scope: built-in, user-made and earlier-proposed ones. */
  readonly categories: readonly CategoryDefinition[];
}

/** One memory proposed by an extractor, before reconciliation with what is stored. */
export interface ExtractedMemory {
  readonly type: string;
  readonly summary: string;
  readonly happenedAt: string | null;
  readonly span: Span;
  /** Category names; a name the scope lacks becomes a new category, it is never dropped. */
  readonly categories: readonly string[];
}

/** Turns prepared content into memories: rule-based offline, model-based when a model is configured. */
export interface MemoryExtractor {
  readonly id: string;
  extract(input: ExtractionInput, context: ExtractionContext): Promise<ExtractedMemory[]>;
}
