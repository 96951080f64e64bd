import { HumanMessage } from "@langchain/core/messages";
import { END, START, StateGraph } from "@langchain/langgraph";
import { salienceScenario, type SalienceScenario } from "@memograph/core/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemographAnnotation, recallNode } from "./nodes.js";

let scenario: SalienceScenario;
beforeEach(async () => {
  scenario = await salienceScenario();
});
afterEach(() => scenario.memory.close());

describe("recallNode ranking", () => {
  it("recalls in salience order when configured with it, counting each recalled memory as an access", async () => {
    const { memory, scope, stale, fresh } = scenario;
    const recalled = async (ranking: "relevance" | "salience") => {
      const graph = new StateGraph(MemographAnnotation).addNode("recall", recallNode({ memory, topK: 2, ranking })).addEdge(START, "recall").addEdge("recall", END).compile();
      const state = await graph.invoke({ messages: [new HumanMessage("green tea in the morning?")] }, { configurable: { memograph: scope } });
      return state.memories.map((memory) => memory.id);
    };
    expect((await recalled("relevance"))[0]).toBe(stale.id);
    expect((await recalled("salience"))[0]).toBe(fresh.id);
    expect(await scenario.accessCount(fresh.id)).toBe(2);
  });
});
