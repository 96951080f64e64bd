import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createOpenAI } from "@ai-sdk/openai";
import { aiSdkEmbedder, aiSdkLanguageModel } from "@memograph/ai-sdk";
import { createMemory, parseConversation, type MemoryService } from "@memograph/core";
import { answerName, scriptedMemoryModel, startFakeOpenAI, type ChatRequest, type FakeOpenAI } from "@memograph/core/testing";
import { openAIProfile } from "@memograph/langchain";
import { afterEach, describe, expect, it } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));
// A conversation of our own making in the LoCoMo layout (fixtures/README.md): four dated sessions.
const CONVERSATION = path.resolve(here, "../../fixtures/locomo/nadia-tomas.json");

/** Requests per answer name: memories, decisions, category_summary, items_judgement, ... */
function countByName(requests: readonly ChatRequest[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const request of requests) {
    const name = answerName(request) ?? "other";
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

let server: FakeOpenAI | undefined;
let memory: MemoryService | undefined;
afterEach(async () => {
  await memory?.close();
  await server?.close();
  memory = undefined;
  server = undefined;
});

describe("model pipeline over HTTP through @langchain/openai", () => {
  it("memorizes a LoCoMo-layout conversation with one extraction call per segment, then llm-retrieves and stops when sufficient", async () => {
    server = await startFakeOpenAI({ chat: scriptedMemoryModel() });
    memory = await createMemory({
      profiles: { default: openAIProfile({ apiKey: "test-key", baseURL: server.baseURL, chatModel: "fake-chat", embeddingModel: "fake-embedding", dimensions: 64 }) },
    });
    const raw = await readFile(CONVERSATION, "utf8");
    const conversation = parseConversation(raw, "nadia-tomas.json");
    const sessions = new Set(conversation.messages.map((message) => message.id.split(":")[0]));
    const scope = { userId: "nadia-tomas" };

    const result = await memory.memorize({ content: JSON.parse(raw), uri: "nadia-tomas.json", scope });

    const counts = countByName(server.requests);
    // Sessions fit one segment each (≤ 60 messages): one extraction call per session, all types at once.
    expect(counts.memories).toBe(sessions.size);
    expect(result.usage.steps.extract!.calls).toBe(sessions.size);
    expect(counts.category_summary).toBe(result.categories.length);
    expect(result.usage.steps.summarize!.calls).toBe(result.categories.length);
    expect(result.usage.modelCalls).toBe(server.requests.length);
    expect(result.usage.profiles.default!.calls).toBe(server.requests.length);
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    // Every request asked for JSON with its strict schema (structured outputs), and no answer needed a repair.
    expect(server.requests.every((request) => request.response_format?.type === "json_schema" && request.response_format.json_schema?.strict === true)).toBe(true);
    expect(result.usage.profiles.default).toMatchObject({ modes: { json_schema: server.requests.length } });
    expect(result.usage.profiles.default!.repairs).toBeUndefined();

    expect(result.items.length).toBeGreaterThan(conversation.messages.length / 2);
    const ids = new Set(conversation.messages.map((message) => message.id));
    for (const item of result.items) {
      const span = item.sources[0]!.span;
      expect(span.kind).toBe("messages");
      if (span.kind === "messages") for (const id of span.messageIds) expect(ids.has(id)).toBe(true);
    }
    const meetup = result.items.find((item) => item.summary.includes("bouldering meetup"))!;
    expect(meetup.happenedAt).toBe("2023-05-08");
    for (const category of result.categories) {
      expect(category.citedItemIds.length).toBeGreaterThan(0);
      for (const id of category.citedItemIds) expect(category.summary).toContain(`[${id}]`);
    }

    const before = server.requests.length;
    const again = await memory.memorize({ content: JSON.parse(raw), uri: "nadia-tomas.json", scope });
    expect(again.created).toBe(false);
    expect(server.requests.length).toBe(before);

    // The scripted judge keeps candidates sharing a word with the query: no speaker name, which every turn carries.
    const found = await memory.retrieve({ query: "When was the bouldering meetup at the climbing gym?", scope, method: "llm" });
    const retrieveCounts = countByName(server.requests.slice(before));
    expect(found.method).toBe("llm");
    expect(found.tiers).toEqual(["categories", "items"]);
    expect(found.sufficient).toBe(true);
    expect(found.nextStepQuery).toBeNull();
    expect(retrieveCounts).toEqual({ categories_judgement: 1, items_judgement: 1 });
    expect(found.usage.modelCalls).toBe(2);
    expect(found.items.some((item) => item.sources.some((source) => source.span.kind === "messages" && source.span.messageIds.includes("D1:3")))).toBe(true);
    expect(found.resources).toEqual([]);
  });

  it("searches every tier and returns nextStepQuery when no tier is sufficient", async () => {
    server = await startFakeOpenAI({
      chat: scriptedMemoryModel({
        items_judgement: ({ data }) => ({ relevantIds: [/^\[(itm_[^\]]+)\]/m.exec(data.slice(data.indexOf("Candidate")))?.[1]].filter(Boolean), sufficient: false, nextStepQuery: "Melanie pottery class date" }),
      }),
    });
    memory = await createMemory({ profiles: { default: openAIProfile({ apiKey: "k", baseURL: server.baseURL, chatModel: "fake-chat" }) } });
    const scope = { userId: "u1" };
    await memory.memorize({ content: "Melanie: I signed up for a pottery class yesterday and loved it.\nCaroline: That sounds like a wonderful way to relax.", scope });
    const found = await memory.retrieve({ query: "When did Melanie take the pottery class?", scope, method: "llm" });
    expect(found.tiers).toEqual(["categories", "items", "resources"]);
    expect(found.sufficient).toBe(false);
    expect(found.nextStepQuery).not.toBeNull();
    expect(found.items).toHaveLength(1);
  });
});

describe("model pipeline over HTTP through an AI SDK provider", () => {
  it("memorizes and retrieves with a rewritten query, counting every call", async () => {
    server = await startFakeOpenAI({ chat: scriptedMemoryModel() });
    const provider = createOpenAI({ baseURL: server.baseURL, apiKey: "test-key" });
    memory = await createMemory({ profiles: { default: { chat: aiSdkLanguageModel(provider.chat("fake-chat")), embedder: aiSdkEmbedder(provider.embedding("fake-embedding"), 64) } } });
    const scope = { userId: "sam" };
    const memorized = await memory.memorize({
      content: [
        { role: "user", content: "I moved to Lisbon last month and I work as a data engineer at a bank." },
        { role: "assistant", content: "Congratulations on the move!" },
        { role: "user", content: "I am learning Portuguese every morning before work." },
      ],
      scope,
    });
    expect(memorized.items.map((item) => item.summary)).toEqual([
      "User: I moved to Lisbon last month and I work as a data engineer at a bank.",
      "User: I am learning Portuguese every morning before work.",
    ]);
    expect(memorized.usage.modelCalls).toBe(server.requests.length);
    expect(server.embeddingCalls.length).toBeGreaterThan(0);

    const before = server.requests.length;
    const embeddingsBefore = server.embeddingCalls.length;
    const found = await memory.retrieve({
      queries: [
        { role: "user", content: "I live in Lisbon now." },
        { role: "assistant", content: "Nice city." },
        { role: "user", content: "What language am I learning?" },
      ],
      scope,
      method: "llm",
    });
    expect(countByName(server.requests.slice(before))).toEqual({ search_query: 1, categories_judgement: 1, items_judgement: 1 });
    expect(found.query).toBe("What language am I learning?");
    expect(found.items[0]!.summary).toContain("Portuguese");
    expect(found.usage.steps.rewrite!.calls).toBe(1);
    // Both tiers searched the same rewritten query: it was embedded once.
    expect(server.embeddingCalls.length - embeddingsBefore).toBe(1);
  });
});

describe("category reorganisation over HTTP through @langchain/openai", () => {
  it("asks the strict provider once for the new structure, then rewrites the summaries of what changed", async () => {
    server = await startFakeOpenAI({
      chat: scriptedMemoryModel({
        category_structure: ({ data }) => {
          const shown = [...data.matchAll(/^\[([^\]]+)\] (.*)$/gm)];
          const about = (word: string) => shown.filter((match) => match[2]!.includes(word)).map((match) => match[1]);
          return {
            splits: [{ category: "hobbies", reason: "music and sport are apart", parts: [{ name: "music", description: "Instruments Omar plays", itemIds: about("piano").concat(about("violin")) }] }],
            merges: [{ from: "pets", into: "home", reason: "the dog is part of the household" }],
          };
        },
      }),
    });
    memory = await createMemory({
      profiles: { default: openAIProfile({ apiKey: "test-key", baseURL: server.baseURL, chatModel: "fake-chat", embeddingModel: "fake-embedding", dimensions: 64 }) },
    });
    const scope = { userId: "omar" };
    for (const summary of ["Omar plays the piano.", "Omar practises the violin.", "Omar runs on Sundays.", "Omar swims on Mondays.", "Omar cycles to work."]) {
      await memory.createItem({ scope, type: "behavior", summary, categories: ["hobbies"] });
    }
    await memory.createItem({ scope, type: "profile", summary: "Omar has a greyhound.", categories: ["pets"] });
    await memory.createItem({ scope, type: "profile", summary: "Omar lives in a flat in Bristol.", categories: ["home"] });
    const before = server.requests.length;

    const result = await memory.reorganize({ scope, splitAbove: 4 });

    const asked = server.requests.slice(before);
    // One call plans; one summary each for the category split (kept with what was left), its part, and the merge target.
    expect(countByName(asked)).toEqual({ category_structure: 1, category_summary: 3 });
    expect(result.changes.map((change) => [change.kind, change.method, change.to])).toEqual([
      ["split", "model", ["hobbies", "music"]],
      ["merge", "model", ["home"]],
    ]);
    expect(result.usage.steps.plan!.calls).toBe(1);
    const categories = await memory.listCategories({ scope });
    expect(Object.fromEntries(categories.map((category) => [category.name, category.itemCount]))).toEqual({ hobbies: 3, home: 2, music: 2 });
    expect(categories.find((category) => category.name === "music")!.summary).toMatch(/piano[\s\S]*violin|violin[\s\S]*piano/);
  });
});
