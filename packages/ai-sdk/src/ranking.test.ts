import { generateText, stepCountIs, wrapLanguageModel } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { salienceScenario, type SalienceScenario } from "@memograph/core/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { memoryMiddleware } from "./memory-middleware.js";
import { memoryTools, type MemoryToolItem } from "./memory-tools.js";
import { textResult, toolCallResult } from "./test-model.js";

let scenario: SalienceScenario;
beforeEach(async () => {
  scenario = await salienceScenario();
});
afterEach(() => scenario.memory.close());

describe("ranking in the AI SDK adapters", () => {
  it("memoryTools' recall ranks as its ranking option says, and counts what it returns as accesses", async () => {
    const { memory, scope, query, stale, fresh } = scenario;
    const recall = async (ranking: "relevance" | "salience") => {
      let call = 0;
      const results = [toolCallResult("recall", { query, topK: 2 }), textResult("ok")];
      const model = new MockLanguageModelV4({ doGenerate: async () => results[Math.min(call++, 1)]! });
      const result = await generateText({ model, tools: memoryTools({ memory, scope, ranking }), prompt: "tea?", stopWhen: stepCountIs(2) });
      return (result.steps[0]!.toolResults[0]!.output as { items: MemoryToolItem[] }).items.map((item) => item.id);
    };
    expect((await recall("relevance"))[0]).toBe(stale.id);
    expect((await recall("salience"))[0]).toBe(fresh.id);
    expect(await scenario.accessCount(fresh.id)).toBe(2);
  });

  it("memoryMiddleware injects the memories in salience order when configured with it", async () => {
    const { memory, scope, stale, fresh } = scenario;
    const injected = async (ranking: "relevance" | "salience") => {
      const model = new MockLanguageModelV4({ doGenerate: async () => textResult("ok") });
      const wrapped = wrapLanguageModel({ model, middleware: memoryMiddleware({ memory, scope, memorize: "off", topK: 2, ranking }) });
      await generateText({ model: wrapped, prompt: "Do I drink green tea in the morning?" });
      const system = model.doGenerateCalls[0]!.prompt.find((message) => message.role === "system")!.content as string;
      return system.split("\n").filter((line) => line.startsWith("- "));
    };
    expect((await injected("relevance"))[0]).toContain(stale.summary.replace(/\.$/, ""));
    expect((await injected("salience"))[0]).toContain(fresh.summary.replace(/\.$/, ""));
  });
});
