// langchain's createAgent with memograph middleware: memories are recalled into the system prompt before each model
// call and each run's messages are memorized after it. Offline: LangChain's scripted fake chat model.
import { AIMessage, HumanMessage, type BaseMessage } from "@langchain/core/messages";
import { fakeModel } from "@langchain/core/testing";
import { MemorySaver } from "@langchain/langgraph";
import { createAgent } from "langchain";
import { createMemory } from "@memograph/core";
import { memographMiddleware, messageText } from "@memograph/langchain";

const memory = await createMemory();
const model = fakeModel()
  .respond(new AIMessage("Noted: no dairy."))
  .respond((messages: BaseMessage[]) => new AIMessage(`The system prompt I was given:\n${messageText(messages[0]!)}`));

const agent = createAgent({
  model,
  tools: [],
  systemPrompt: "You are a cooking assistant.",
  middleware: [memographMiddleware({ memory })],
  checkpointer: new MemorySaver(),
});
const context = { memograph: { userId: "chef-guest" } };
for (const [thread, text] of [["a", "I am lactose intolerant, so no dairy please."], ["b", "Suggest a dessert without dairy for me."]] as const) {
  const result = await agent.invoke({ messages: [new HumanMessage(text)] }, { configurable: { thread_id: thread }, context });
  console.log(`[${thread}] > ${text}\n${messageText(result.messages.at(-1)!)}\n`);
}
