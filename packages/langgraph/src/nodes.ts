import type { BaseMessage } from "@langchain/core/messages";
import { Annotation, MessagesAnnotation, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { ValidationError, rankingFields, type ItemHit, type MemoryService, type RecallRanking, type Scope } from "@memograph/core";
import { recallQuery } from "@memograph/core";
import { latestHumanText, toConversation } from "@memograph/langchain";

/** State channels the nodes use; spread `MemographAnnotation.spec` into your graph's state. */
export const MemographAnnotation = Annotation.Root({
  ...MessagesAnnotation.spec,
  /** Memories recalled for the latest user message. */
  memories: Annotation<ItemHit[]>({ reducer: (_previous, next) => next, default: () => [] }),
  /** How many of the thread's messages are memorized (so each is memorized once). */
  memographMemorized: Annotation<number>({ reducer: (_previous, next) => next, default: () => 0 }),
});

export type ScopeResolver = (config: LangGraphRunnableConfig) => Scope | Promise<Scope>;

/** Default: the scope in `config.configurable.memograph`, e.g. `{ configurable: { thread_id, memograph: { userId } } }`. */
const fromConfig: ScopeResolver = (config) => {
  const scope = (config.configurable as { memograph?: Scope } | undefined)?.memograph;
  if (scope === undefined) throw new ValidationError("No memograph scope: pass configurable.memograph (e.g. { userId }) or a scope resolver", [{ path: "configurable.memograph", message: "required" }]);
  return scope;
};

export interface NodeOptions {
  readonly memory: MemoryService;
  readonly scope?: ScopeResolver;
}

/** A node that recalls memories for the latest user message into `state.memories`, ordered as `ranking` says. */
export function recallNode(options: NodeOptions & RecallRanking & { readonly topK?: number }) {
  return async (state: { messages: BaseMessage[] }, config: LangGraphRunnableConfig): Promise<{ memories: ItemHit[] }> => {
    const query = recallQuery(latestHumanText(state.messages));
    if (query === "") return { memories: [] };
    const result = await options.memory.retrieve({ query, scope: await (options.scope ?? fromConfig)(config), topK: options.topK ?? 5, ...rankingFields(options) });
    return { memories: [...result.items] };
  };
}

/** A node that memorizes the messages added since it last ran on this thread. */
export function memorizeNode(options: NodeOptions) {
  return async (state: { messages: BaseMessage[]; memographMemorized?: number }, config: LangGraphRunnableConfig): Promise<{ memographMemorized: number }> => {
    const turns = toConversation(state.messages.slice(state.memographMemorized ?? 0));
    if (turns.length > 0) await options.memory.memorize({ content: turns, scope: await (options.scope ?? fromConfig)(config) });
    return { memographMemorized: state.messages.length };
  };
}
