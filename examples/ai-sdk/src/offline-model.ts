// A scripted stand-in for a chat model, so the example runs with no key: it calls `remember` when told a fact,
// `recall` when asked a question, and answers from what the tools returned.
import type { LanguageModelV4CallOptions, LanguageModelV4GenerateResult } from "@ai-sdk/provider";
import { MockLanguageModelV4 } from "ai/test";

const usage = { inputTokens: { total: 0, noCache: 0, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 0, text: 0, reasoning: 0 } };
const text = (value: string): LanguageModelV4GenerateResult => ({ content: [{ type: "text", text: value }], finishReason: { unified: "stop", raw: undefined }, usage, warnings: [] });
const call = (toolName: string, input: unknown): LanguageModelV4GenerateResult => ({
  content: [{ type: "tool-call", toolCallId: `call-${toolName}`, toolName, input: JSON.stringify(input) }],
  finishReason: { unified: "tool-calls", raw: undefined },
  usage,
  warnings: [],
});

function decide(options: LanguageModelV4CallOptions): LanguageModelV4GenerateResult {
  const last = options.prompt.at(-1)!;
  if (options.tools === undefined || options.tools.length === 0) {
    // No tools: answer from the memories the middleware put in the system prompt.
    const memories = options.prompt.flatMap((message) => (message.role === "system" && message.content.startsWith("<memories>") ? [message.content] : []));
    return text(memories.length ? `Going by what I remember:\n${memories[0]!.split("\n").filter((line) => line.startsWith("- ")).join("\n")}` : "I don't know anything about you yet.");
  }
  if (last.role === "tool") {
    const output = last.content[0]?.type === "tool-result" ? last.content[0].output : undefined;
    return text(`(tool said: ${JSON.stringify(output?.type === "json" ? output.value : output)})`);
  }
  const question = last.role === "user" ? last.content.map((part) => (part.type === "text" ? part.text : "")).join(" ") : "";
  return question.trim().endsWith("?") ? call("recall", { query: question }) : call("remember", { text: question.replace(/^I am /, "The user is ").replace(/^I /, "The user "), type: "profile" });
}

export const offlineModel = new MockLanguageModelV4({ provider: "offline", modelId: "scripted", doGenerate: async (options) => decide(options) });
