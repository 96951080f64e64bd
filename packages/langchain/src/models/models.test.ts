import { FakeListChatModel, SyntheticEmbeddings } from "@langchain/core/utils/testing";
import { ChatOpenAI } from "@langchain/openai";
import { createMemory, ModelError } from "@memograph/core";
import { describe, expect, it } from "vitest";
import { LangChainLanguageModel } from "./chat-model.js";
import { LangChainEmbedder } from "./embedder.js";

const scope = { userId: "u1" };
const extraction = JSON.stringify({ memories: [{ type: "profile", summary: "Priya keeps bees.", happenedAt: null, sources: ["p1"], categories: ["hobbies"] }], newCategories: [{ name: "hobbies", description: "What they do for fun" }] });
const summary = JSON.stringify({ summary: "- Priya keeps bees.", citedItemIds: [] });

describe("any LangChain chat model and Embeddings as memograph's models", () => {
  it("memorizes in prompt mode with a generic chat model whose answer is JSON in a code fence, and a LangChain Embeddings", async () => {
    const chat = new FakeListChatModel({ responses: ["```json\n" + extraction + "\n```"] });
    const memory = await createMemory({
      profiles: { default: { chat: new LangChainLanguageModel(chat, { method: "prompt" }), embedder: new LangChainEmbedder(new SyntheticEmbeddings({ vectorSize: 32 }), "synthetic-32", 32) } },
      // Summaries stay offline here: the fake model answers every call with the same text.
      steps: { summarize: "offline" },
    });
    const result = await memory.memorize({ content: "Priya keeps bees on her allotment.", scope });
    expect(result.items.map((item) => item.summary)).toEqual(["Priya keeps bees."]);
    expect(result.categories.map((category) => [category.name, category.description])).toEqual([["hobbies", "What they do for fun"]]);
    expect(result.usage.profiles.default!.calls).toBe(1);
    await memory.close();
  });

  it("fails cleanly when the model never answers with valid JSON", async () => {
    const chat = new FakeListChatModel({ responses: ["I would rather not.", summary] });
    const memory = await createMemory({ profiles: { default: { chat: new LangChainLanguageModel(chat, { method: "prompt" }) } }, modelSettings: { maxRepairs: 1 } });
    const error = await memory.memorize({ content: "Priya keeps bees on her allotment.", scope }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).reason).toBe("invalid_output");
    expect((await memory.listResources({ scope })).records).toEqual([]);
    await memory.close();
  });

  it("chooses how to ask for JSON from the model's capabilities", () => {
    // LangChain's model profile says gpt-4.1-mini has structured output; an unknown model can still bind tools.
    expect(new LangChainLanguageModel(new ChatOpenAI({ model: "gpt-4.1-mini", apiKey: "k" })).method).toBe("jsonSchema");
    expect(new LangChainLanguageModel(new ChatOpenAI({ model: "my-local-model", apiKey: "k" })).method).toBe("functionCalling");
    expect(new LangChainLanguageModel(new ChatOpenAI({ model: "gpt-4.1-mini", apiKey: "k" }), { method: "jsonMode" }).method).toBe("jsonMode");
  });

  it("refuses vectors of another size than configured", async () => {
    const embedder = new LangChainEmbedder(new SyntheticEmbeddings({ vectorSize: 16 }), "synthetic", 32);
    await expect(embedder.embed(["text"])).rejects.toThrow(/16 dimensions, configured 32/);
  });
});
