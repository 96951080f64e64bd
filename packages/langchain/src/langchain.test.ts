import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from "@langchain/core/messages";
import { ChatPromptTemplate, MessagesPlaceholder } from "@langchain/core/prompts";
import { RunnableLambda, RunnableWithMessageHistory } from "@langchain/core/runnables";
import { fakeModel } from "@langchain/core/testing";
import { createAgent } from "langchain";
import { MemorySaver } from "@langchain/langgraph";
import { createMemory, type MemoryService } from "@memograph/core";
import { beforeEach, describe, expect, expectTypeOf, it } from "vitest";
import { memographMiddleware } from "./agent-middleware.js";
import { MemographChatMessageHistory } from "./chat-history.js";
import { MemographRetriever, type MemoryDocumentMetadata } from "./retriever.js";
import { messageText } from "./messages.js";
import { memographTools } from "./tools.js";
import type { Document } from "@langchain/core/documents";
import type { z } from "zod";

const systemText = (messages: readonly BaseMessage[]) => messages.filter((message) => message.getType() === "system").map(messageText).join("\n");

describe("@memograph/langchain", () => {
  let memory: MemoryService;
  beforeEach(async () => {
    memory = await createMemory();
  });

  describe("MemographRetriever", () => {
    it("returns Documents with score, type, categories and provenance, and composes in LCEL", async () => {
      const memorized = await memory.memorize({ content: [{ role: "user", content: "I teach chemistry at a high school in Ghent." }], scope: { userId: "eva" } });
      const retriever = new MemographRetriever({ memory, scope: { userId: "eva" }, topK: 3 });
      const docs = await retriever.invoke("Where does Eva teach chemistry?");
      expect(docs[0]!.pageContent).toBe("User teaches chemistry at a high school in Ghent.");
      expect(docs[0]!.metadata).toMatchObject({ type: "knowledge", sources: [{ resourceId: memorized.resource.id, span: { kind: "messages", messageIds: ["m1"] } }] });
      expect(docs[0]!.metadata.score).toBeGreaterThan(0);

      const chain = retriever.pipe(RunnableLambda.from((found: Document[]) => found.map((doc) => doc.pageContent).join("\n")));
      expect(await chain.invoke("chemistry Ghent")).toContain("high school in Ghent");
      expectTypeOf(docs).toEqualTypeOf<Document<MemoryDocumentMetadata>[]>();
    });

    it("narrows with where per call, takes a scope per call only when allowed, and never crosses scopes", async () => {
      await memory.createItem({ scope: { userId: "eva", agentId: "tutor" }, type: "knowledge", summary: "Eva prefers morning lessons" });
      await memory.createItem({ scope: { userId: "eva", agentId: "coach" }, type: "knowledge", summary: "Eva runs morning laps" });
      await memory.createItem({ scope: { userId: "max" }, type: "knowledge", summary: "Max prefers morning lessons" });
      const retriever = new MemographRetriever({ memory, scope: { userId: "max" } });
      expect((await retriever.invoke("morning lessons")).map((doc) => doc.pageContent)).toEqual(["Max prefers morning lessons"]);
      // A call cannot choose another scope of a bound retriever: the attempt is refused, not silently obeyed.
      await expect(retriever.invoke("morning", { configurable: { memograph: { scope: { userId: "eva" } } } })).rejects.toMatchObject({ code: "VALIDATION", field: "configurable.memograph.scope" });
      await expect(retriever.invoke("morning", { configurable: { memograph: { scope: { userId: "eva" }, allowScopeOverride: true } } })).rejects.toMatchObject({ code: "VALIDATION" });
      const eva = new MemographRetriever({ memory, scope: { userId: "eva" } });
      expect((await eva.invoke("morning", { configurable: { memograph: { where: { agentId: "coach" } } } })).map((doc) => doc.pageContent)).toEqual(["Eva runs morning laps"]);
      // An integrator who sets scopes per call opts in.
      const perCallScopes = new MemographRetriever({ memory, scope: { userId: "max" }, allowScopeOverride: true });
      const perCall = await perCallScopes.invoke("morning", { configurable: { memograph: { scope: { userId: "eva" }, where: { agentId: "coach" } } } });
      expect(perCall.map((doc) => doc.pageContent)).toEqual(["Eva runs morning laps"]);
    });
  });

  describe("MemographChatMessageHistory", () => {
    it("drops into RunnableWithMessageHistory and gives long-term memory across sessions", async () => {
      const model = fakeModel().respond(new AIMessage("Porto is lovely.")).respond(new AIMessage("Sure."));
      const prompt = ChatPromptTemplate.fromMessages([new MessagesPlaceholder("history"), ["human", "{input}"]]);
      const histories = new Map<string, MemographChatMessageHistory>();
      const history = (sessionId: string) => {
        if (!histories.has(sessionId)) histories.set(sessionId, new MemographChatMessageHistory({ memory, scope: { userId: "lia", sessionId }, memorizeEvery: 2 }));
        return histories.get(sessionId)!;
      };
      const chain = new RunnableWithMessageHistory({ runnable: prompt.pipe(model), getMessageHistory: history, inputMessagesKey: "input", historyMessagesKey: "history" });
      await chain.invoke({ input: "I moved to Porto in 2022." }, { configurable: { sessionId: "s1" } });
      expect((await history("s1").getMessages()).map((message) => message.getType())).toEqual(["human", "ai"]);
      await history("s1").flush();
      // A new session starts with no short-term history, but the long-term memory knows.
      await chain.invoke({ input: "Hello again" }, { configurable: { sessionId: "s2" } });
      expect(model.calls[1]!.messages.map((message) => message.getType())).toEqual(["human"]);
      const found = await memory.retrieve({ query: "Where did Lia move?", scope: { userId: "lia" } });
      expect(found.items[0]?.summary).toBe("User moved to Porto in 2022.");
      expect(found.items[0]?.scope).toEqual({ userId: "lia", sessionId: "s1" });
    });

    it("memorizes on idle and on flush, each message once", async () => {
      const history = new MemographChatMessageHistory({ memory, scope: { userId: "kai" }, memorizeEvery: 0, idleMs: 20 });
      await history.addMessages([new HumanMessage("I am learning Japanese."), new AIMessage("Ganbatte!")]);
      await new Promise((resolve) => setTimeout(resolve, 80));
      expect((await memory.listResources({ scope: { userId: "kai" } })).records).toHaveLength(1);
      await history.addMessage(new HumanMessage("I passed the N4 exam."));
      await history.flush();
      await history.flush();
      const resources = (await memory.listResources({ scope: { userId: "kai" } })).records;
      expect(resources).toHaveLength(2);
      expect(resources[1]!.text).toBe("[m1] User: I passed the N4 exam.");
    });
  });

  describe("memographMiddleware with createAgent", () => {
    it("learns a fact in thread 1 and uses it in thread 2, with the injected prompt asserted", async () => {
      const model = fakeModel()
        .respond(new AIMessage("Noted, teal it is."))
        .respond((messages: BaseMessage[]) => new AIMessage(systemText(messages).includes("teal") ? "Your favourite colour is teal." : "I don't know."));
      const agent = createAgent({ model, tools: [], systemPrompt: "You are a helpful assistant.", middleware: [memographMiddleware({ memory })], checkpointer: new MemorySaver() });
      const context = { memograph: { userId: "noa" } };
      await agent.invoke({ messages: [new HumanMessage("My favourite colour is teal.")] }, { configurable: { thread_id: "t1" }, context });
      const second = await agent.invoke({ messages: [new HumanMessage("What is my favourite colour?")] }, { configurable: { thread_id: "t2" }, context });

      const injected = systemText(model.calls[1]!.messages);
      // The fact first; the assistant's reply after it, found through the fact beside it in the chat (its context).
      expect(injected).toBe(
        "You are a helpful assistant.\n\n<memories>\nWhat you remember about the user (use it when relevant):\n- User's favourite colour is teal.\n- Noted, teal it is.\n</memories>",
      );
      expect(second.messages.at(-1)!.content).toBe("Your favourite colour is teal.");
      // Thread 2's own exchange is memorized too, and thread 1's messages were memorized once.
      expect((await memory.listResources({ scope: { userId: "noa" } })).records).toHaveLength(2);
    });

    it("recalls for a user message far over retrieve's query limit instead of failing the run", async () => {
      await memory.createItem({ scope: { userId: "noa" }, type: "profile", summary: "User's favourite colour is teal." });
      const model = fakeModel().respond((messages: BaseMessage[]) => new AIMessage(systemText(messages).includes("teal") ? "Teal." : "I don't know."));
      const agent = createAgent({ model, tools: [], middleware: [memographMiddleware({ memory, memorize: "off" })] });
      const message = `What is my favourite colour? ${"Here is everything about my week, at length. ".repeat(2000)}`;
      const result = await agent.invoke({ messages: [new HumanMessage(message)] }, { context: { memograph: { userId: "noa" } } });
      expect(result.messages.at(-1)!.content).toBe("Teal.");
    });

    it("memorizes only the messages a run added, run after run on one thread", async () => {
      const model = fakeModel().respond(new AIMessage("Nice.")).respond(new AIMessage("Cool."));
      const agent = createAgent({ model, tools: [], middleware: [memographMiddleware({ memory, scope: { userId: "ola" }, topK: 0 })], checkpointer: new MemorySaver() });
      await agent.invoke({ messages: [new HumanMessage("I adopted a greyhound.")] }, { configurable: { thread_id: "t" } });
      await agent.invoke({ messages: [new HumanMessage("I started rowing on Sundays.")] }, { configurable: { thread_id: "t" } });
      const texts = (await memory.listResources({ scope: { userId: "ola" } })).records.map((resource) => resource.text);
      expect(texts).toEqual(["[m1] User: I adopted a greyhound.\n[m2] Assistant: Nice.", "[m1] User: I started rowing on Sundays.\n[m2] Assistant: Cool."]);
    });

    it("fails a run that has no scope", async () => {
      const agent = createAgent({ model: fakeModel().respond(new AIMessage("x")), tools: [], middleware: [memographMiddleware({ memory })] });
      await expect(agent.invoke({ messages: [new HumanMessage("hello there")] })).rejects.toThrow(/No memograph scope/);
    });
  });

  describe("memographTools", () => {
    it("lets an agent remember and recall, bound to one user", async () => {
      const tools = memographTools({ memory, scope: { userId: "ivy" } });
      const model = fakeModel()
        .respondWithTools([{ name: "remember", args: { text: "Ivy is allergic to cats", type: "profile" } }])
        .respond(new AIMessage("Saved."))
        .respondWithTools([{ name: "recall", args: { query: "allergic cats" } }])
        .respond((messages: BaseMessage[]) => new AIMessage(String(messages.at(-1)!.content)));
      const agent = createAgent({ model, tools });
      await agent.invoke({ messages: [new HumanMessage("I'm allergic to cats")] });
      const answer = await agent.invoke({ messages: [new HumanMessage("What am I allergic to?")] });
      expect(JSON.parse(String(answer.messages.at(-1)!.content)).items[0]).toMatchObject({ summary: "Ivy is allergic to cats", type: "profile" });
      const [, other] = memographTools({ memory, scope: { userId: "zed" } });
      expect(JSON.parse(String(await other.invoke({ query: "allergic cats" }))).items).toEqual([]);
      await expect(memographTools({ memory, scope: { userId: "ivy" } })[0].invoke({ text: "" })).rejects.toThrow(/schema|Received tool input did not match/);
    });
  });

  it("memorizes in the background and reports failures to onError, never silently", async () => {
    expect(() => memographMiddleware({ memory, memorize: "background" })).toThrow(/needs onError/);
    const failing = Object.assign(Object.create(memory) as MemoryService, { memorize: async () => Promise.reject(new Error("disk full")) });
    let reported!: (error: unknown) => void;
    const error = new Promise<unknown>((resolve) => (reported = resolve));
    const agent = createAgent({ model: fakeModel().respond(new AIMessage("ok")), tools: [], middleware: [memographMiddleware({ memory: failing, scope: { userId: "bg" }, memorize: "background", onError: reported })] });
    const result = await agent.invoke({ messages: [new HumanMessage("I collect vinyl records.")] });
    expect(result.messages.at(-1)!.content).toBe("ok");
    expect(await error).toMatchObject({ message: "disk full" });
  });

  it("types its public API: tool inputs, documents and state", () => {
    type Toolset = ReturnType<typeof memographTools>;
    expectTypeOf<z.input<Toolset[0]["schema"]>>().toEqualTypeOf<{ text: string; type?: string | undefined; categories?: string[] | undefined }>();
    expectTypeOf<z.input<Toolset[1]["schema"]>>().toEqualTypeOf<{ query: string; topK?: number | undefined }>();
    expectTypeOf<z.input<Toolset[2]["schema"]>>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<ReturnType<MemographRetriever["invoke"]>>().toEqualTypeOf<Promise<Document<MemoryDocumentMetadata>[]>>();
    expect(systemText([new SystemMessage("a"), new HumanMessage("b")])).toBe("a");
  });
});
