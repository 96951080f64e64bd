// A LangGraph agent with long-term memory across threads: recall → agent → memorize, and the graph's store is
// memograph too. Offline: the chat model is LangChain's scripted fake, answering from the recalled memories.
import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from "@langchain/core/messages";
import { fakeModel } from "@langchain/core/testing";
import { END, MemorySaver, START, StateGraph, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { createMemory } from "@memograph/core";
import { messageText } from "@memograph/langchain";
import { MemographAnnotation, MemographStore, memorizeNode, recallNode } from "@memograph/langgraph";

const memory = await createMemory();
const model = fakeModel()
  .respond(new AIMessage("Good luck with the marathon training!"))
  .respond((messages: BaseMessage[]) => new AIMessage(`From memory:\n${messageText(messages[0]!)}`));

async function agent(state: typeof MemographAnnotation.State, config: LangGraphRunnableConfig) {
  const turns = ((await config.store!.get(["stats"], "turns"))?.value.count as number | undefined) ?? 0;
  await config.store!.put(["stats"], "turns", { count: turns + 1 });
  const memories = state.memories.map((item) => `- ${item.summary}`).join("\n");
  return { messages: [await model.invoke([new SystemMessage(memories || "(nothing remembered yet)"), ...state.messages])] };
}

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

const user = { memograph: { userId: "jo" } };
for (const [thread, text] of [["thread-1", "I'm training for the Berlin marathon in September."], ["thread-2", "Which marathon am I training for?"]] as const) {
  const state = await graph.invoke({ messages: [new HumanMessage(text)] }, { configurable: { thread_id: thread, ...user } });
  console.log(`[${thread}] > ${text}\n${messageText(state.messages.at(-1)!)}\n`);
}
console.log(`store: stats/turns = ${JSON.stringify((await store.get(["stats"], "turns"))?.value)}`);
