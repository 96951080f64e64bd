import type { Conversation } from "../formats/conversation.js";
import type { CategoryDefinition, Modality, Span } from "../model/index.js";
import type { TranscriptSegment } from "./language-model.js";

/** A resource after preprocessing, ready for extraction. */
export type PreparedContent =
  | { readonly kind: "conversation"; readonly conversation: Conversation }
  | { readonly kind: "document"; readonly text: string }
  /** Audio and video: transcript lines and frame descriptions, with their time ranges. */
  | { readonly kind: "timed"; readonly segments: readonly TranscriptSegment[] };

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

export interface Extraction {
  readonly memories: readonly ExtractedMemory[];
  /** Categories the extractor invented for memories that fit none of the scope's; created with these descriptions. */
  readonly newCategories?: readonly CategoryDefinition[];
}

/**
 * A custom extractor, replacing the built-in ones (the rule extractor offline, one structured model call per segment
 * when a chat model is configured).
 */
export interface MemoryExtractor {
  readonly id: string;
  extract(input: ExtractionInput, context: ExtractionContext): Promise<Extraction>;
}
