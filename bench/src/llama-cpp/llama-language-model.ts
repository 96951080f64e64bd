import type { ChatMessage, Completion, CompletionRequest, LanguageModel } from "@memograph/core";
import { getLlama, LlamaChatSession, LlamaLogLevel, type ChatHistoryItem, type Llama, type LlamaContext, type LlamaModel } from "node-llama-cpp";
import { toGbnfJsonSchema } from "./gbnf-schema.js";

export interface LlamaCppOptions {
  /** Any GGUF chat model on disk. */
  readonly modelPath: string;
  /** Tokens of context: prompt, history and answer. Default 8192. */
  readonly contextSize?: number;
  /** Tokens an answer may take. Default 1024. */
  readonly maxTokens?: number;
  /** CPU threads. Default: node-llama-cpp's choice. */
  readonly threads?: number;
}

export interface LlamaCppLanguageModel extends LanguageModel {
  /** Time to load the binary and the weights and to create the context, in milliseconds. */
  readonly loadMs: number;
  dispose(): Promise<void>;
}

function text(content: ChatMessage["content"]): string {
  return typeof content === "string" ? content : content.map((part) => (part.type === "text" ? part.text : "")).join("\n");
}

/** The messages before the last as node-llama-cpp's chat history; the last one is the prompt. */
function history(messages: readonly ChatMessage[]): ChatHistoryItem[] {
  return messages.slice(0, -1).map((message): ChatHistoryItem =>
    message.role === "system" ? { type: "system", text: text(message.content) } : message.role === "user" ? { type: "user", text: text(message.content) } : { type: "model", response: [text(message.content)] },
  );
}

/**
 * A local GGUF model through node-llama-cpp (prebuilt CPU binary, `build: "never"`), as memograph's language model:
 * the model's own chat template, and every JSON request constrained by a grammar compiled from the engine's strict
 * schema, so the model cannot write another shape. One context sequence: calls run one at a time.
 */
export async function llamaCppLanguageModel(options: LlamaCppOptions): Promise<LlamaCppLanguageModel> {
  const started = performance.now();
  const llama: Llama = await getLlama({ build: "never", gpu: false, logLevel: LlamaLogLevel.error });
  const model: LlamaModel = await llama.loadModel({ modelPath: options.modelPath });
  const context: LlamaContext = await model.createContext({ contextSize: options.contextSize ?? 8192, ...(options.threads === undefined ? {} : { threads: options.threads }) });
  const sequence = context.getSequence();
  const loadMs = performance.now() - started;
  let queue: Promise<unknown> = Promise.resolve();

  const answer = async (request: CompletionRequest): Promise<Completion> => {
    const grammar = request.json === undefined ? undefined : await llama.createGrammarForJsonSchema(toGbnfJsonSchema(request.json.schema));
    await sequence.clearHistory();
    const session = new LlamaChatSession({ contextSequence: sequence, autoDisposeSequence: false });
    try {
      session.setChatHistory(history(request.messages));
      const before = { input: sequence.tokenMeter.usedInputTokens, output: sequence.tokenMeter.usedOutputTokens };
      const reply = await session.prompt(text(request.messages.at(-1)!.content), {
        maxTokens: options.maxTokens ?? 1024,
        temperature: 0,
        signal: request.signal,
        ...(grammar === undefined ? {} : { grammar }),
      });
      const usage = { inputTokens: sequence.tokenMeter.usedInputTokens - before.input, outputTokens: sequence.tokenMeter.usedOutputTokens - before.output };
      return { text: reply, usage, ...(grammar === undefined ? {} : { mode: "grammar" as const }) };
    } finally {
      session.dispose({ disposeSequence: false });
    }
  };

  return {
    id: `llama-cpp:${options.modelPath.split("/").at(-1)}`,
    loadMs,
    complete(request) {
      const next = queue.then(() => answer(request));
      queue = next.catch(() => undefined);
      return next;
    },
    async dispose() {
      await context.dispose();
      await model.dispose();
      await llama.dispose();
    },
  };
}
