import { generateText, stepCountIs, type InferToolInput, type InferToolOutput } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { createMemory, type MemoryService, type Span } from "@memograph/core";
import { beforeEach, describe, expect, expectTypeOf, it } from "vitest";
import { memoryTools, type MemoryToolItem } from "./memory-tools.js";
import { textResult, toolCallResult } from "./test-model.js";

/** A model that plays the given results in order, one per call. */
function scripted(...results: ReturnType<typeof textResult>[]) {
  let call = 0;
  return new MockLanguageModelV4({ doGenerate: async () => results[Math.min(call++, results.length - 1)]! });
}

describe("memoryTools with generateText", () => {
  let memory: MemoryService;
  const ann = { userId: "ann" };
  const bob = { userId: "bob" };
  beforeEach(async () => {
    memory = await createMemory();
  });

  it("remembers in one conversation and recalls, with provenance, in a later one", async () => {
    const first = await generateText({
      model: scripted(toolCallResult("remember", { text: "Ann is allergic to peanuts", type: "profile" }), textResult("Noted.")),
      tools: memoryTools({ memory, scope: ann }),
      prompt: "By the way, I'm allergic to peanuts.",
      stopWhen: stepCountIs(3),
    });
    expect(first.text).toBe("Noted.");
    const saved = first.steps[0]!.toolResults[0]!.output as { id: string; summary: string; type: string };
    expect(saved).toMatchObject({ summary: "Ann is allergic to peanuts", type: "profile" });

    const later = scripted(toolCallResult("recall", { query: "peanuts allergy" }), textResult("Avoid peanuts."));
    const second = await generateText({ model: later, tools: memoryTools({ memory, scope: ann }), prompt: "What snack should I bring Ann?", stopWhen: stepCountIs(3) });
    const recalled = second.steps[0]!.toolResults[0]!.output as { items: { id: string; summary: string; sources: unknown[] }[] };
    expect(recalled.items[0]).toMatchObject({ id: saved.id, summary: "Ann is allergic to peanuts", sources: [] });
    // The model's second call saw the recalled memory as the tool result.
    expect(JSON.stringify(later.doGenerateCalls[1]!.prompt)).toContain("Ann is allergic to peanuts");
    expect(second.text).toBe("Avoid peanuts.");
  });

  it("returns provenance for memories drawn from a memorized conversation, and traces them", async () => {
    const memorized = await memory.memorize({ content: [{ role: "user", content: "I adopted a cat named Miso in March 2024." }], scope: ann });
    const tools = memoryTools({ memory, scope: ann });
    const result = await generateText({ model: scripted(toolCallResult("recall", { query: "cat Miso" }), textResult("ok")), tools, prompt: "pets?", stopWhen: stepCountIs(2) });
    const items = (result.steps[0]!.toolResults[0]!.output as { items: { id: string; sources: { resourceId: string; span: unknown }[] }[] }).items;
    expect(items[0]!.sources).toEqual([{ resourceId: memorized.resource.id, span: { kind: "messages", messageIds: ["m1"] } }]);
    const traced = await generateText({ model: scripted(toolCallResult("trace", { id: items[0]!.id }), textResult("ok")), tools, prompt: "where from?", stopWhen: stepCountIs(2) });
    expect((traced.steps[0]!.toolResults[0]!.output as { sources: { excerpt: string }[] }).sources[0]!.excerpt).toBe("[m1] User: I adopted a cat named Miso in March 2024.");
  });

  it("never lets one user recall or forget another user's memories", async () => {
    const secret = await memory.createItem({ scope: ann, type: "profile", summary: "Ann's PIN hint is the dog's birthday" });
    const bobTools = memoryTools({ memory, scope: bob });
    const recall = await generateText({ model: scripted(toolCallResult("recall", { query: "PIN hint dog birthday" }), textResult("ok")), tools: bobTools, prompt: "x", stopWhen: stepCountIs(2) });
    expect((recall.steps[0]!.toolResults[0]!.output as { items: unknown[] }).items).toEqual([]);

    const forget = await generateText({ model: scripted(toolCallResult("forget", { id: secret.id }), textResult("ok")), tools: bobTools, prompt: "x", stopWhen: stepCountIs(2) });
    const error = forget.steps[0]!.content.find((part) => part.type === "tool-error");
    expect(error).toMatchObject({ toolName: "forget" });
    expect(String((error as { error: unknown }).error)).toMatch(/No item/);
    expect((await memory.getItem({ scope: ann, id: secret.id })).summary).toBe(secret.summary);
  });

  it("turns invalid tool input into the SDK's tool error and writes nothing", async () => {
    const result = await generateText({
      model: scripted(toolCallResult("remember", { text: "", type: "dream" }), textResult("ok")),
      tools: memoryTools({ memory, scope: ann }),
      prompt: "x",
      stopWhen: stepCountIs(2),
    });
    const error = result.steps[0]!.content.find((part) => part.type === "tool-error") as { error: unknown } | undefined;
    // The SDK validated the input against the zod schema before execute ran.
    expect(String(error?.error)).toMatch(/^AI_InvalidToolInputError: Invalid input for tool remember/);
    expect((await memory.listItems({ scope: ann })).records).toEqual([]);
  });

  it("lists categories of the scope", async () => {
    await memory.createItem({ scope: ann, type: "knowledge", summary: "Works as a carpenter", categories: ["work_life"] });
    const result = await generateText({ model: scripted(toolCallResult("listCategories", {}), textResult("ok")), tools: memoryTools({ memory, scope: ann }), prompt: "x", stopWhen: stepCountIs(2) });
    expect(result.steps[0]!.toolResults[0]!.output).toMatchObject({ categories: [{ name: "work_life", itemCount: 1 }] });
  });

  it("exposes typed inputs and outputs (checked by the typecheck step)", () => {
    type Tools = ReturnType<typeof memoryTools>;
    expectTypeOf(memoryTools({ memory, scope: ann })).toEqualTypeOf<Tools>();
    expectTypeOf<InferToolInput<Tools["recall"]>>().toEqualTypeOf<{ query: string; topK?: number | undefined }>();
    expectTypeOf<InferToolOutput<Tools["recall"]>>().toEqualTypeOf<{ items: MemoryToolItem[] }>();
    expectTypeOf<InferToolInput<Tools["forget"]>>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<InferToolOutput<Tools["remember"]>>().toEqualTypeOf<MemoryToolItem>();
    expectTypeOf<MemoryToolItem["sources"]>().toEqualTypeOf<readonly { resourceId: string; span: Span }[]>();
  });
});
