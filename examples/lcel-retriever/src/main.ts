// A LangChain LCEL chain over memograph: retriever → prompt → chat model, with each memory's provenance.
// Offline: LangChain's scripted fake chat model echoes the prompt it receives.
import type { Document } from "@langchain/core/documents";
import { AIMessage, type BaseMessage } from "@langchain/core/messages";
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { RunnableLambda, RunnablePassthrough, RunnableSequence } from "@langchain/core/runnables";
import { fakeModel } from "@langchain/core/testing";
import { createMemory } from "@memograph/core";
import { MemographRetriever, messageText, type MemoryDocumentMetadata } from "@memograph/langchain";

const memory = await createMemory();
const scope = { userId: "lee" };
await memory.memorize({
  content: [
    { role: "user", content: "I started a new job at a bakery in Utrecht last week.", created_at: "2025-06-10T09:00:00Z" },
    { role: "user", content: "My shift starts at 5am every weekday.", created_at: "2025-06-10T09:01:00Z" },
  ],
  scope,
});

const retriever = new MemographRetriever({ memory, scope, topK: 2 });
const format = (docs: Document<MemoryDocumentMetadata>[]) =>
  docs.map((doc) => `- ${doc.pageContent} (source ${doc.metadata.sources[0]?.resourceId}, ${JSON.stringify(doc.metadata.sources[0]?.span)})`).join("\n");
const prompt = ChatPromptTemplate.fromMessages([["system", "Memories:\n{memories}"], ["human", "{question}"]]);
const model = fakeModel().respond((messages: BaseMessage[]) => new AIMessage(messageText(messages[0]!)));

const chain = RunnableSequence.from([
  { memories: retriever.pipe(RunnableLambda.from(format)), question: new RunnablePassthrough() },
  prompt,
  model,
]);
const answer = await chain.invoke("Which new job did Lee start?");
console.log(messageText(answer));
