import type { LanguageModelV4CallOptions, LanguageModelV4Content, LanguageModelV4Prompt, LanguageModelV4StreamPart } from "@ai-sdk/provider";
import type { LanguageModelMiddleware } from "ai";
import { MEMORIES_HEADER, ValidationError, checkMemorizePolicy, memoriesBlock, memorizeUnder, rankingFields, recallQuery, renderMemories, type ItemHit, type MemorizePolicy, type MemoryService, type RecallRanking, type Scope } from "@memograph/core";
import { resolveScope, type ScopeSource } from "./scope-source.js";

export interface MemoryMiddlewareOptions extends MemorizePolicy, RecallRanking {
  readonly memory: MemoryService;
  /**
   * Whose memories a call reads and writes: a fixed scope, a resolver given the call, or `"providerOptions"` to
   * take it from each call's `providerOptions.memograph`, so one wrapped model serves many users:
   * `generateText({ model, prompt, providerOptions: { memograph: { userId: "u1" } } })`. Only the last lets the
   * options of a call choose the scope: pick it only where your own code, never the end user, sets those options.
   */
  readonly scope: ScopeSource<LanguageModelV4CallOptions> | "providerOptions";
  /** Memories retrieved per call. Default 5. */
  readonly topK?: number;
  /** Where memories go: a system message (default) or the start of the latest user message. */
  readonly placement?: "system" | "user";
  /** At most this many characters of memories are injected. Default 2000. */
  readonly maxChars?: number;
  /** Renders the memories; the default is a bullet list with dates. */
  readonly format?: (items: readonly ItemHit[]) => string;
}

const OPEN = "<memories>";

/** The text of the latest user message, without memories this middleware injected. */
function latestUserText(prompt: LanguageModelV4Prompt): string {
  const message = [...prompt].reverse().find((candidate) => candidate.role === "user");
  if (message === undefined || message.role !== "user") return "";
  return message.content
    .flatMap((part) => (part.type === "text" && !part.text.startsWith(OPEN) ? [part.text] : []))
    .join("\n")
    .trim();
}

function assistantText(content: readonly LanguageModelV4Content[]): string {
  return content.flatMap((part) => (part.type === "text" ? [part.text] : [])).join("");
}

function scopeFromProviderOptions(params: LanguageModelV4CallOptions): Scope {
  const entry = params.providerOptions?.memograph;
  if (entry === undefined) {
    throw new ValidationError("No memograph scope for this call: pass providerOptions.memograph (e.g. { userId }) or a scope option", [
      { path: "providerOptions.memograph", message: "required" },
    ]);
  }
  return entry as Scope;
}

/**
 * A language model middleware (for `wrapLanguageModel`) that gives any model long-term memory: before a call it
 * retrieves memories for the latest user message and injects them; after the call (or when a stream has finished)
 * it memorizes the exchange. A stream that errors or is aborted memorizes nothing.
 */
export function memoryMiddleware(options: MemoryMiddlewareOptions): LanguageModelMiddleware {
  checkMemorizePolicy(options);
  // Checked here too for callers without types: a missing scope must not fall back to whatever the call says.
  if ((options.scope as unknown) === undefined) {
    throw new ValidationError('memoryMiddleware needs a scope: a scope, a resolver, or "providerOptions" to take it from each call', [{ path: "scope", message: "required" }]);
  }
  const maxChars = options.maxChars ?? 2000;
  const format = options.format ?? renderMemories;
  const source = options.scope;
  const scopeOf = (params: LanguageModelV4CallOptions) => (source === "providerOptions" ? scopeFromProviderOptions(params) : resolveScope(source, params));

  const remember = async (params: LanguageModelV4CallOptions, reply: string): Promise<void> => {
    const question = latestUserText(params.prompt);
    if (question === "" || reply.trim() === "") return;
    const at = new Date().toISOString();
    await memorizeUnder(options, async () =>
      options.memory.memorize({
        content: [
          { role: "user", content: question, created_at: at },
          { role: "assistant", content: reply, created_at: at },
        ],
        scope: await scopeOf(params),
      }),
    );
  };

  return {
    async transformParams({ params }) {
      const query = recallQuery(latestUserText(params.prompt));
      if (query === "") return params;
      const { items } = await options.memory.retrieve({ query, scope: await scopeOf(params), topK: options.topK ?? 5, ...rankingFields(options) });
      const kept: ItemHit[] = [];
      // Best first, skipping any memory that would overflow the budget.
      for (const item of items) if (format([...kept, item]).length <= maxChars) kept.push(item);
      if (kept.length === 0) return params;
      const block = memoriesBlock(`${MEMORIES_HEADER}\n${format(kept)}`);
      if ((options.placement ?? "system") === "system") {
        const firstNonSystem = params.prompt.findIndex((message) => message.role !== "system");
        const at = firstNonSystem === -1 ? params.prompt.length : firstNonSystem;
        return { ...params, prompt: [...params.prompt.slice(0, at), { role: "system", content: block }, ...params.prompt.slice(at)] };
      }
      const last = params.prompt.map((message) => message.role).lastIndexOf("user");
      return {
        ...params,
        prompt: params.prompt.map((message, index) =>
          index === last && message.role === "user" ? { ...message, content: [{ type: "text" as const, text: `${block}\n` }, ...message.content] } : message,
        ),
      };
    },

    async wrapGenerate({ doGenerate, params }) {
      const result = await doGenerate();
      await remember(params, assistantText(result.content));
      return result;
    },

    async wrapStream({ doStream, params }) {
      const { stream, ...rest } = await doStream();
      let reply = "";
      let finished = false;
      let failed = false;
      const watch = new TransformStream<LanguageModelV4StreamPart, LanguageModelV4StreamPart>({
        transform(part, controller) {
          if (part.type === "text-delta") reply += part.delta;
          else if (part.type === "finish") finished = true;
          else if (part.type === "error") failed = true;
          controller.enqueue(part);
        },
        // Runs only when the stream completed; a cancelled (aborted) stream never gets here.
        async flush() {
          if (finished && !failed) await remember(params, reply);
        },
      });
      return { stream: stream.pipeThrough(watch), ...rest };
    },
  };
}
