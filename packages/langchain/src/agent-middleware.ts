import { createMiddleware, type AgentMiddleware, type Runtime } from "langchain";
import { z } from "zod";
import { MEMORIES_HEADER, ValidationError, checkMemorizePolicy, memoriesBlock, memorizeUnder, rankingFields, recallQuery, renderMemories, type ItemHit, type MemorizePolicy, type MemoryService, type RecallRanking, type Scope } from "@memograph/core";
import { latestHumanText, toConversation } from "./messages.js";

export interface MemographMiddlewareOptions extends MemorizePolicy, RecallRanking {
  readonly memory: MemoryService;
  /**
   * The scope of a run: fixed, or resolved from the run. Default: `runtime.context.memograph`, so one agent serves
   * many users: `agent.invoke(input, { context: { memograph: { userId: "u1" } } })`.
   */
  readonly scope?: Scope | ((runtime: Runtime<unknown>) => Scope | Promise<Scope>);
  /** Memories injected before each model call. Default 5; 0 injects nothing. */
  readonly topK?: number;
  /** Renders the memories appended to the system prompt; the default is a bullet list with dates. */
  readonly format?: (items: readonly ItemHit[]) => string;
}

function defaultFormat(items: readonly ItemHit[]): string {
  return `${MEMORIES_HEADER}\n${renderMemories(items)}`;
}

async function resolveScope(option: MemographMiddlewareOptions["scope"], runtime: Runtime<unknown>): Promise<Scope> {
  if (typeof option === "function") return option(runtime);
  if (option !== undefined) return option;
  const fromContext = (runtime.context as { memograph?: Scope } | undefined)?.memograph;
  if (fromContext === undefined) throw new ValidationError("No memograph scope for this run: pass context.memograph (e.g. { userId }) or a scope option", [{ path: "context.memograph", message: "required" }]);
  return fromContext;
}

// How many of the thread's messages are already memorized, kept in the agent's state (and checkpoints).
const stateSchema = z.object({ memographMemorized: z.number().default(0) });
// Declared so the agent accepts `context.memograph` and hands it to the hooks.
const contextSchema = z.object({ memograph: z.record(z.string(), z.string()).optional() });

/**
 * Agent middleware for langchain's `createAgent`: before each model call it recalls memories for the latest user
 * message and appends them to the system prompt; after the run it memorizes the messages the run added.
 */
export function memographMiddleware(options: MemographMiddlewareOptions): AgentMiddleware<typeof stateSchema, typeof contextSchema, z.infer<typeof contextSchema>, readonly []> {
  checkMemorizePolicy(options);
  const format = options.format ?? defaultFormat;
  return createMiddleware({
    name: "MemographMiddleware",
    stateSchema,
    contextSchema,
    wrapModelCall: async (request, handler) => {
      const query = recallQuery(latestHumanText(request.messages));
      if (query === "" || options.topK === 0) return handler(request);
      const { items } = await options.memory.retrieve({ query, scope: await resolveScope(options.scope, request.runtime), topK: options.topK ?? 5, ...rankingFields(options) });
      if (items.length === 0) return handler(request);
      const block = memoriesBlock(format(items));
      return handler({ ...request, systemPrompt: request.systemPrompt ? `${request.systemPrompt}\n\n${block}` : block });
    },
    afterAgent: async (state, runtime) => {
      const done = state.memographMemorized ?? 0;
      if (options.memorize === "off" || state.messages.length <= done) return;
      const turns = toConversation(state.messages.slice(done));
      if (turns.length > 0) await memorizeUnder(options, async () => options.memory.memorize({ content: turns, scope: await resolveScope(options.scope, runtime) }));
      return { memographMemorized: state.messages.length };
    },
  });
}
