import { AIMessage, HumanMessage, type BaseMessage } from "@langchain/core/messages";
import { fakeModel } from "@langchain/core/testing";
import { createAgent } from "langchain";
import { salienceScenario, type SalienceScenario } from "@memograph/core/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { memographMiddleware } from "./agent-middleware.js";
import { messageText } from "./messages.js";
import { MemographRetriever } from "./retriever.js";
import { memographTools } from "./tools.js";

let scenario: SalienceScenario;
beforeEach(async () => {
  scenario = await salienceScenario();
});
afterEach(() => scenario.memory.close());

describe("ranking in the LangChain adapters", () => {
  it("MemographRetriever orders by salience when built or called with it, and counts the documents it returns as accesses", async () => {
    const { memory, scope, query, stale, fresh } = scenario;
    const byRelevance = new MemographRetriever({ memory, scope, topK: 2 });
    const bySalience = new MemographRetriever({ memory, scope, topK: 2, ranking: "salience" });
    expect((await byRelevance.invoke(query))[0]!.metadata.id).toBe(stale.id);
    expect((await bySalience.invoke(query))[0]!.metadata.id).toBe(fresh.id);
    expect((await byRelevance.invoke(query, { configurable: { memograph: { ranking: "salience" } } }))[0]!.metadata.id).toBe(fresh.id);
    expect((await bySalience.invoke(query, { configurable: { memograph: { halfLifeDays: 36_500 } } }))[0]!.metadata.id).toBe(stale.id);
    expect(await scenario.accessCount(fresh.id)).toBe(4);
  });

  it("memographMiddleware injects the memories in salience order when configured with it", async () => {
    const { memory, scope, stale, fresh } = scenario;
    const injected = async (ranking: "relevance" | "salience") => {
      const model = fakeModel().respond(new AIMessage("ok"));
      const agent = createAgent({ model, tools: [], middleware: [memographMiddleware({ memory, scope, memorize: "off", topK: 2, ranking })] });
      await agent.invoke({ messages: [new HumanMessage("Do I drink green tea in the morning?")] });
      const system = model.calls[0]!.messages.filter((message: BaseMessage) => message.getType() === "system").map(messageText).join("\n");
      return system.split("\n").filter((line) => line.startsWith("- "));
    };
    expect((await injected("relevance"))[0]).toContain(stale.summary.replace(/\.$/, ""));
    expect((await injected("salience"))[0]).toContain(fresh.summary.replace(/\.$/, ""));
    expect(await scenario.accessCount(fresh.id)).toBe(2);
  });

  it("memographTools' recall ranks as its ranking option says", async () => {
    const { memory, scope, query, stale, fresh } = scenario;
    const recall = async (ranking: "relevance" | "salience") => JSON.parse(String(await memographTools({ memory, scope, ranking })[1].invoke({ query }))).items[0].id;
    expect(await recall("relevance")).toBe(stale.id);
    expect(await recall("salience")).toBe(fresh.id);
  });
});
