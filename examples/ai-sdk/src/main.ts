// Long-term memory for an AI SDK model, two ways: memory tools the model calls, and a middleware that recalls before
// each call and memorizes after it. Runs offline with a scripted model; set OPENAI_API_KEY (and optionally
// OPENAI_BASE_URL, OPENAI_MODEL) to use a real OpenAI-compatible model instead.
import { createOpenAI } from "@ai-sdk/openai";
import { generateText, stepCountIs, wrapLanguageModel, type LanguageModel } from "ai";
import { createMemory } from "@memograph/core";
import { memoryMiddleware, memoryTools } from "@memograph/ai-sdk";
import { offlineModel } from "./offline-model.js";

const model: LanguageModel = process.env.OPENAI_API_KEY
  ? // Chat Completions: the API every OpenAI-compatible server (vLLM, Ollama, OpenRouter...) speaks.
    createOpenAI({ apiKey: process.env.OPENAI_API_KEY, ...(process.env.OPENAI_BASE_URL ? { baseURL: process.env.OPENAI_BASE_URL } : {}) }).chat(process.env.OPENAI_MODEL ?? "gpt-4o-mini")
  : offlineModel;

const memory = await createMemory();
const scope = { userId: "sam" };

// 1. Tools: conversation one tells a fact, conversation two (a new call, no shared history) needs it.
const tools = memoryTools({ memory, scope });
for (const prompt of ["I am vegetarian and allergic to hazelnuts.", "What am I allergic to?"]) {
  const result = await generateText({ model, tools, prompt, stopWhen: stepCountIs(3), system: "Use the memory tools to remember facts about the user and to recall them." });
  const calls = result.steps.flatMap((step) => step.toolCalls.map((toolCall) => toolCall.toolName));
  console.log(`> ${prompt}\n  tools: ${calls.join(", ") || "none"}\n  ${result.text}\n`);
}

// 2. Middleware: any model, memories injected per user (taken from providerOptions) and the exchange memorized.
const remembering = wrapLanguageModel({ model, middleware: memoryMiddleware({ memory, scope: "providerOptions" }) });
const request = "Plan a vegetarian dinner for tonight.";
const answer = await generateText({ model: remembering, prompt: request, providerOptions: { memograph: scope } });
console.log(`> ${request}\n  ${answer.text}`);
console.log(`\nStored for ${scope.userId}: ${(await memory.listItems({ scope })).records.map((item) => item.summary).join(" | ")}`);
await memory.close();
