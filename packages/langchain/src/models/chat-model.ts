import type { BaseChatModel, BaseChatModelCallOptions } from "@langchain/core/language_models/chat_models";
import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from "@langchain/core/messages";
import type { ChatMessage, CompletionRequest, LanguageModel, TokenUsage } from "@memograph/core";
import { messageText } from "../messages.js";

export interface LangChainLanguageModelOptions {
  /** Names the model in usage and errors. Default: the model's `_llmType()` and name. */
  readonly id?: string;
  /**
   * Extra call options when the engine asks for JSON, e.g. `{ response_format: { type: "json_object" } }` for
   * ChatOpenAI. Default none: the prompt asks for JSON and the engine validates the answer.
   */
  readonly jsonCallOptions?: Record<string, unknown>;
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

/**
 * Any LangChain chat model as memograph's language model port. Configure the model with `maxRetries: 0`: the engine
 * retries, times out and counts calls itself.
 */
export class LangChainLanguageModel implements LanguageModel {
  readonly id: string;

  constructor(
    private readonly model: BaseChatModel,
    private readonly options: LangChainLanguageModelOptions = {},
  ) {
    this.id = options.id ?? `langchain:${model._llmType()}`;
  }

  async complete(request: CompletionRequest): Promise<{ text: string; usage: TokenUsage }> {
    const callOptions = { signal: request.signal, ...(request.json === undefined ? {} : this.options.jsonCallOptions) } as BaseChatModelCallOptions;
    const answer = await this.model.invoke(request.messages.map(toLangChain), callOptions);
    return {
      text: messageText(answer),
      usage: { inputTokens: answer.usage_metadata?.input_tokens ?? 0, outputTokens: answer.usage_metadata?.output_tokens ?? 0 },
    };
  }
}
