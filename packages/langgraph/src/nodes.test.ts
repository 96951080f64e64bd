import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from "@langchain/core/messages";
import { fakeModel } from "@langchain/core/testing";
import { END, MemorySaver, START, StateGraph, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { createMemory, type ItemHit } from "@memograph/core";
import { messageText } from "@memograph/langchain";
import { describe, expect, expectTypeOf, it } from "vitest";
import { MemographStore } from "./memograph-store.js";
import { MemographAnnotation, memorizeNode, recallNode } from "./nodes.js";

describe("memorize and recall nodes in a StateGraph", () => {
  it("learns a fact in thread 1 and uses it in thread 2, with the store reachable through config", async () => {
    const memory = await createMemory();
    const model = fakeModel()
      .respond(new AIMessage("Lovely, Lisbon is a great city."))
      .respond((messages: BaseMessage[]) => new AIMessage(messageText(messages[0]!).includes("Lisbon") ? "Your sister Ines lives in Lisbon." : "I don't know."));

    const agent = async (state: typeof MemographAnnotation.State, config: LangGraphRunnableConfig) => {
      // The app's own key-value data goes through config.store, which is memograph here.
      const visits = ((await config.store!.get(["stats"], "turns"))?.value.count as number | undefined) ?? 0;
      await config.store!.put(["stats"], "turns", { count: visits + 1 });
      const context = state.memories.map((memory) => `- ${memory.summary}`).join("\n");
      return { messages: [await model.invoke([new SystemMessage(`Memories:\n${context}`), ...state.messages])] };
    };
    const store = new MemographStore({ memory, scope: { userId: "app" } });
    const graph = new StateGraph(MemographAnnotation)
      .addNode("recall", recallNode({ memory }))
      .addNode("agent", agent)
      .addNode("memorize", memorizeNode({ memory }))
      .addEdge(START, "recall")
      .addEdge("recall", "agent")
      .addEdge("agent", "memorize")
      .addEdge("memorize", END)
      .compile({ checkpointer: new MemorySaver(), store });

    const user = { memograph: { userId: "rui" } };
    await graph.invoke({ messages: [new HumanMessage("My sister Ines lives in Lisbon.")] }, { configurable: { thread_id: "1", ...user } });
    const second = await graph.invoke({ messages: [new HumanMessage("Where does my sister Ines live?")] }, { configurable: { thread_id: "2", ...user } });

    expect(second.memories.map((memory) => memory.summary)).toContain("User's sister Ines lives in Lisbon.");
    expect(messageText(model.calls[1]!.messages[0]!)).toContain("- User's sister Ines lives in Lisbon.");
    expect(second.messages.at(-1)!.content).toBe("Your sister Ines lives in Lisbon.");
    expect((await store.get(["stats"], "turns"))?.value).toEqual({ count: 2 });
    // Each thread's messages were memorized once.
    expect((await memory.listResources({ scope: { userId: "rui" } })).records).toHaveLength(2);
    expectTypeOf(second.memories).toEqualTypeOf<ItemHit[]>();
  });

  it("memorizes only what was added since the node last ran on the thread", async () => {
    const memory = await createMemory();
    const graph = new StateGraph(MemographAnnotation)
      .addNode("memorize", memorizeNode({ memory, scope: () => ({ userId: "tom" }) }))
      .addEdge(START, "memorize")
      .addEdge("memorize", END)
      .compile({ checkpointer: new MemorySaver() });
    await graph.invoke({ messages: [new HumanMessage("I build birdhouses.")] }, { configurable: { thread_id: "t" } });
    await graph.invoke({ messages: [new HumanMessage("I sold three birdhouses today.")] }, { configurable: { thread_id: "t" } });
    const texts = (await memory.listResources({ scope: { userId: "tom" } })).records.map((resource) => resource.text);
    expect(texts).toEqual(["[m1] User: I build birdhouses.", "[m1] User: I sold three birdhouses today."]);
  });

  it("recalls for a user message far over retrieve's query limit instead of failing the graph", async () => {
    const memory = await createMemory();
    await memory.createItem({ scope: { userId: "rui" }, type: "profile", summary: "User's sister Ines lives in Lisbon." });
    const message = `Where does my sister Ines live? ${"Here is everything about my week, at length. ".repeat(2000)}`;
    const recalled = await recallNode({ memory })({ messages: [new HumanMessage(message)] }, { configurable: { memograph: { userId: "rui" } } });
    expect(recalled.memories.map((memory) => memory.summary)).toEqual(["User's sister Ines lives in Lisbon."]);
  });

  it("fails clearly without a scope", async () => {
    const memory = await createMemory();
    const graph = new StateGraph(MemographAnnotation).addNode("recall", recallNode({ memory })).addEdge(START, "recall").addEdge("recall", END).compile();
    await expect(graph.invoke({ messages: [new HumanMessage("hello there")] })).rejects.toThrow(/No memograph scope/);
  });
});
