import type { CallbackManagerForRetrieverRun } from "@langchain/core/callbacks/manager";
import { Document } from "@langchain/core/documents";
import { BaseRetriever, type BaseRetrieverInput } from "@langchain/core/retrievers";
import type { RunnableConfig } from "@langchain/core/runnables";
import { ValidationError, rankingFields, type ItemHit, type MemoryService, type RecallRanking, type Scope, type Source } from "@memograph/core";

/** What each returned `Document` carries in its metadata. */
export interface MemoryDocumentMetadata {
  readonly id: string;
  readonly score: number;
  readonly type: string;
  readonly categories: readonly string[];
  readonly happenedAt: string | null;
  /** Provenance: the resource and span each source is. */
  readonly sources: readonly Source[];
}

/** `ranking: "salience"` (and `halfLifeDays`) orders the documents by salience instead of relevance alone. */
export interface MemographRetrieverInput extends BaseRetrieverInput, RecallRanking {
  readonly memory: MemoryService;
  readonly scope: Scope;
  /** memU-style narrowing inside the scope: `{ agentId: "a" }`, `{ sessionId__in: [...] }`. */
  readonly where?: Record<string, string | string[]>;
  readonly topK?: number;
  readonly method?: "rag" | "llm";
  /**
   * Lets a call's `configurable.memograph.scope` replace the bound scope. Off by default: the scope a retriever is
   * built with is the only one it reads, whatever a call's config says. Turn it on only where your own code, never
   * the end user, fills that config.
   */
  readonly allowScopeOverride?: boolean;
}

/**
 * Per-call overrides, passed as `retriever.invoke(query, { configurable: { memograph: { where, topK, ranking } } })`; `where`
 * narrows inside the bound scope. `scope` is taken only from a retriever built with `allowScopeOverride: true`.
 */
export type MemographRetrieverOverrides = Partial<Pick<MemographRetrieverInput, "scope" | "where" | "topK" | "method" | "ranking" | "halfLifeDays">>;

export function toDocument(item: ItemHit): Document<MemoryDocumentMetadata> {
  return new Document({
    pageContent: item.summary,
    metadata: { id: item.id, score: item.score, type: item.type, categories: item.categories, happenedAt: item.happenedAt, sources: item.sources },
    id: item.id,
  });
}

/** A LangChain retriever over memograph: one `Document` per memory, with score and provenance in its metadata. */
export class MemographRetriever extends BaseRetriever {
  static override lc_name(): string {
    return "MemographRetriever";
  }

  override lc_namespace = ["memograph", "retrievers"];

  private readonly input: MemographRetrieverInput;

  constructor(input: MemographRetrieverInput) {
    super(input);
    this.input = input;
  }

  override async invoke(query: string, options?: RunnableConfig): Promise<Document<MemoryDocumentMetadata>[]> {
    const { memograph, ...configurable } = (options?.configurable ?? {}) as { memograph?: MemographRetrieverOverrides };
    if (memograph === undefined) return super.invoke(query, options) as Promise<Document<MemoryDocumentMetadata>[]>;
    if (memograph.scope !== undefined && this.input.allowScopeOverride !== true) {
      throw new ValidationError("This retriever is bound to its scope: a call cannot choose another (build it with allowScopeOverride: true to allow that)", [
        { path: "configurable.memograph.scope", message: "not allowed without allowScopeOverride" },
      ]);
    }
    // Only the overridable fields: config is per-call input and must not replace the memory or the opt-in itself.
    const { scope, where, topK, method, ranking, halfLifeDays } = memograph;
    const overrides = Object.fromEntries(Object.entries({ scope, where, topK, method, ranking, halfLifeDays }).filter(([, value]) => value !== undefined));
    // A retriever bound to this call's scope, so concurrent calls for different users never share state.
    return new MemographRetriever({ ...this.input, ...overrides }).invoke(query, { ...options, configurable });
  }

  override async _getRelevantDocuments(query: string, _runManager?: CallbackManagerForRetrieverRun): Promise<Document<MemoryDocumentMetadata>[]> {
    const { memory, scope, where, topK = 5, method = "rag" } = this.input;
    const result = await memory.retrieve({ query, scope, method, topK, ...(where === undefined ? {} : { where }), ...rankingFields(this.input) });
    return result.items.map(toDocument);
  }
}
