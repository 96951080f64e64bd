import type { BaseChatModel, BaseChatModelCallOptions } from "@langchain/core/language_models/chat_models";
import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from "@langchain/core/messages";
import { OutputParserException } from "@langchain/core/output_parsers";
import { fallbackChain, StructuredFallback, type ChatMessage, type Completion, type CompletionRequest, type LanguageModel, type StructuredMode } from "@memograph/core";
import { messageText } from "../messages.js";

/** How a LangChain model is asked for JSON: a `withStructuredOutput` method, or only the prompt. */
export type StructuredOutputMethod = "jsonSchema" | "functionCalling" | "jsonMode" | "prompt";

const MODES: Record<StructuredOutputMethod, StructuredMode> = { jsonSchema: "json_schema", functionCalling: "tool", jsonMode: "json_object", prompt: "prompt" };
/** What an endpoint that refuses a method falls back to, in order. */
const FALLBACK_ORDER: readonly StructuredOutputMethod[] = ["jsonSchema", "jsonMode", "prompt"];

export interface LangChainLanguageModelOptions {
  /** Names the model in usage and errors. Default: the model's `_llmType()` and name. */
  readonly id?: string;
  /**
   * How JSON is asked for. Default: `jsonSchema` when the model's profile says it has structured output,
   * `functionCalling` when it can bind tools, else `prompt` (the engine validates and repairs the answer). When the
   * endpoint answers 400 that the method is unsupported, the model falls back (json schema → JSON mode → prompt;
   * function calling → prompt) and stays there.
   */
  readonly method?: StructuredOutputMethod;
  /** Strict schema adherence (OpenAI's `strict: true`). Default true for `jsonSchema`, false otherwise. */
  readonly strict?: boolean;
}

function toLangChain(message: ChatMessage): BaseMessage {
  const content =
    typeof message.content === "string"
      ? message.content
      : message.content.map((part) =>
          part.type === "text" ? { type: "text" as const, text: part.text } : { type: "image_url" as const, image_url: { url: `data:${part.mediaType};base64,${Buffer.from(part.data).toString("base64")}` } },
        );
  if (message.role === "system") return new SystemMessage({ content });
  return message.role === "assistant" ? new AIMessage({ content }) : new HumanMessage({ content });
}

function defaultMethod(model: BaseChatModel): StructuredOutputMethod {
  const profile = (model as { profile?: { structuredOutput?: boolean; toolCalling?: boolean } }).profile;
  if (profile?.structuredOutput === true) return "jsonSchema";
  if (typeof model.bindTools === "function" && profile?.toolCalling !== false) return "functionCalling";
  return "prompt";
}

/** The answer as JSON text: a forced tool's arguments, else the message text. */
function answerText(raw: BaseMessage): string {
  const message = raw as AIMessage;
  const call = message.tool_calls?.[0];
  if (call !== undefined) return JSON.stringify(call.args);
  const invalid = message.invalid_tool_calls?.[0]?.args;
  return typeof invalid === "string" ? invalid : messageText(raw);
}

function usageOf(message: BaseMessage): Completion["usage"] {
  const metadata = (message as AIMessage).usage_metadata;
  return { inputTokens: metadata?.input_tokens ?? 0, outputTokens: metadata?.output_tokens ?? 0 };
}

/**
 * Any LangChain chat model as memograph's language model port, asking for JSON with `withStructuredOutput` (the
 * raw message kept, so tokens are counted and an unparsable answer goes back to the engine for repair). Configure
 * the model with `maxRetries: 0`: the engine retries, times out and counts calls itself.
 */
export class LangChainLanguageModel implements LanguageModel {
  readonly id: string;
  private readonly fallback: StructuredFallback<StructuredOutputMethod>;

  constructor(
    private readonly model: BaseChatModel,
    private readonly options: LangChainLanguageModelOptions = {},
  ) {
    this.id = options.id ?? `langchain:${model._llmType()}`;
    const first = options.method ?? defaultMethod(model);
    this.fallback = new StructuredFallback(first === "functionCalling" ? ["functionCalling", "prompt"] : fallbackChain(first, FALLBACK_ORDER));
  }

  /** The method calls use now (after any fallback). */
  get method(): StructuredOutputMethod {
    return this.fallback.current;
  }

  async complete(request: CompletionRequest): Promise<Completion> {
    const messages = request.messages.map(toLangChain);
    const callOptions = { signal: request.signal } as BaseChatModelCallOptions;
    const json = request.json;
    if (json === undefined) {
      const answer = await this.model.invoke(messages, callOptions);
      return { text: messageText(answer), usage: usageOf(answer) };
    }
    return this.fallback.run(async (method) => {
      if (method === "prompt") {
        const answer = await this.model.invoke(messages, callOptions);
        return { text: messageText(answer), usage: usageOf(answer), mode: "prompt" };
      }
      const strict = this.options.strict ?? method === "jsonSchema";
      const structured = this.model.withStructuredOutput(json.schema as Record<string, unknown>, { name: json.name, method, includeRaw: true, ...(strict ? { strict } : {}) });
      try {
        const { raw, parsed } = await structured.invoke(messages, callOptions);
        return { text: parsed === null || parsed === undefined ? answerText(raw) : JSON.stringify(parsed), usage: usageOf(raw), mode: MODES[method] };
      } catch (error) {
        // A model whose own parser throws: its output goes back to the engine, which shows the model what was wrong.
        if (error instanceof OutputParserException && error.llmOutput !== undefined) return { text: error.llmOutput, usage: { inputTokens: 0, outputTokens: 0 }, mode: MODES[method] };
        throw error;
      }
    });
  }
}
