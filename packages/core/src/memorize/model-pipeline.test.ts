import { describe, expect, it } from "vitest";
import { ModelNotConfiguredError } from "../errors/index.js";
import type { ModelProfile } from "../ports/index.js";
import { createMemory } from "../service/memory-service.js";
import { scriptedLanguageModel, type ScriptedAnswers } from "../testing/index.js";

const scope = { userId: "priya" };
const NURSE = "Priya: I work as a nurse at the city hospital in Leeds.";
const TEACHER = "Priya: I now work as a teacher at the city school in Leeds.";

/** Stored ids of the memory the decision is about, read from the reconcile request. */
function decideOnFirst(action: string, summary: string | null = null): ScriptedAnswers["decisions"] {
  return ({ data }) => {
    const target = /stored \[(itm_[^\]]+)\]/.exec(data)![1]!;
    const memory = Number(/New memory (\d+)/.exec(data)![1]);
    return { decisions: [{ memory, action, target, summary }] };
  };
}

async function memoryWith(answers: ScriptedAnswers, options: Parameters<typeof createMemory>[0] = {}) {
  const model = scriptedLanguageModel(answers);
  const memory = await createMemory({ profiles: { default: { chat: model } }, reconcileSimilarity: 0.3, ...options });
  return { model, memory };
}

describe("reconcile with a model", () => {
  it("supersedes: the old item is kept, linked both ways, and leaves default results", async () => {
    const { memory } = await memoryWith({ decisions: decideOnFirst("supersede") });
    const first = await memory.memorize({ content: NURSE, scope });
    const second = await memory.memorize({ content: TEACHER, scope });
    const old = first.items[0]!;
    const fresh = second.items[0]!;
    expect(second.superseded.map((item) => item.id)).toEqual([old.id]);
    expect(second.superseded[0]).toMatchObject({ status: "superseded", metadata: { supersededBy: fresh.id } });
    expect(fresh.metadata).toEqual({ supersedes: old.id });
    expect((await memory.listItems({ scope })).records.map((item) => item.id)).toEqual([fresh.id]);
    expect((await memory.listItems({ scope, status: "superseded" })).records.map((item) => item.id)).toEqual([old.id]);
    const found = await memory.retrieve({ query: "Where does Priya work?", scope });
    expect(found.items.map((item) => item.id)).not.toContain(old.id);
    // The old item's category summary no longer cites it.
    for (const category of second.categories) expect(category.citedItemIds).not.toContain(old.id);
  });

  it("updates in place: same id, merged text, both sources, reinforced", async () => {
    const { memory } = await memoryWith({ decisions: decideOnFirst("update", "Priya works as a nurse and teacher in Leeds.") });
    const first = await memory.memorize({ content: NURSE, scope });
    const second = await memory.memorize({ content: TEACHER, scope });
    expect(second.items).toHaveLength(1);
    const item = second.items[0]!;
    expect(item.id).toBe(first.items[0]!.id);
    expect(item.summary).toBe("Priya works as a nurse and teacher in Leeds.");
    expect(item.sources.map((source) => source.resourceId)).toEqual([first.resource.id, second.resource.id]);
    expect(item.reinforcementCount).toBe(2);
    const trace = await memory.trace({ scope, id: item.id });
    expect(trace.sources.map((source) => source.excerpt)).toEqual([NURSE, TEACHER]);
  });

  it("reinforces: one item, counted twice, with the new source", async () => {
    const { memory } = await memoryWith({ decisions: decideOnFirst("reinforce") });
    const first = await memory.memorize({ content: NURSE, scope });
    const second = await memory.memorize({ content: TEACHER, scope });
    expect(second.items.map((item) => item.id)).toEqual([first.items[0]!.id]);
    expect(second.items[0]!.reinforcementCount).toBe(2);
    expect(second.items[0]!.lastReinforcedAt).not.toBeNull();
  });

  it("asks no model about memories with no similar stored memory", async () => {
    const { memory, model } = await memoryWith({}, { reconcileSimilarity: 0.99 });
    await memory.memorize({ content: NURSE, scope });
    const second = await memory.memorize({ content: TEACHER, scope });
    expect(second.usage.steps.reconcile!.calls).toBe(0);
    expect(model.requests.some((request) => String(request.messages[0]!.content).includes("(decisions)"))).toBe(false);
  });
});

describe("categories proposed by the model", () => {
  it("creates new categories with their descriptions and drops nothing", async () => {
    const { memory } = await memoryWith({
      memories: () => ({
        memories: [
          { type: "profile", summary: "Priya has a border collie named Biscuit.", happenedAt: null, sources: ["p1"], categories: ["Pets & Animals"] },
          { type: "event", summary: "Priya ran a half marathon.", happenedAt: "2024-04-07", sources: ["p1"], categories: ["running"] },
        ],
        newCategories: [{ name: "Pets & Animals", description: "Animals they keep" }],
      }),
    });
    const result = await memory.memorize({ content: "Priya: I ran a half marathon with my border collie Biscuit cheering.", scope });
    expect(result.items.map((item) => item.categories)).toEqual([["pets_animals"], ["running"]]);
    const byName = new Map(result.categories.map((category) => [category.name, category]));
    expect(byName.get("pets_animals")).toMatchObject({ description: "Animals they keep", itemCount: 1 });
    expect(byName.get("running")).toMatchObject({ description: "", itemCount: 1 });
    expect(result.items[1]!.happenedAt).toBe("2024-04-07");
  });
});

describe("profiles, prompts and hooks", () => {
  it("routes a step to its profile and reports usage per profile", async () => {
    const main = scriptedLanguageModel();
    const cheap = scriptedLanguageModel();
    const memory = await createMemory({ profiles: { default: { chat: main }, cheap: { chat: cheap } }, steps: { summarize: "cheap" } });
    const result = await memory.memorize({ content: NURSE, scope });
    expect(result.usage.profiles.cheap!.calls).toBe(result.categories.length);
    expect(result.usage.profiles.default!.calls).toBe(1);
    expect(cheap.requests).toHaveLength(result.categories.length);
    expect(result.usage.steps.summarize!.inputTokens).toBeGreaterThan(0);
  });

  it("replaces a step's instructions and calls hooks around every step", async () => {
    const model = scriptedLanguageModel();
    const events: string[] = [];
    const memory = await createMemory({
      profiles: { default: { chat: model } },
      prompts: { extract: "Extract memories the custom way." },
      hooks: { beforeStep: ({ step }) => void events.push(`+${step}`), afterStep: ({ step }) => void events.push(`-${step}`) },
    });
    await memory.memorize({ content: NURSE, scope });
    expect(String(model.requests[0]!.messages[0]!.content)).toMatch(/^Extract memories the custom way\.\n\nAnswer with one JSON object \(memories\)/);
    expect(events).toEqual(["+load", "-load", "+preprocess", "-preprocess", "+extract", "-extract", "+embed", "-embed", "+reconcile", "-reconcile", "+summarize", "-summarize", "+persist", "-persist"]);
  });

  it("keeps at most `concurrency` model calls in flight, segments extracted in parallel", async () => {
    const script = scriptedLanguageModel();
    let inFlight = 0;
    let most = 0;
    const slow = {
      id: "slow",
      async complete(request: Parameters<typeof script.complete>[0]) {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 20));
        inFlight -= 1;
        return script.complete(request);
      },
    };
    const memory = await createMemory({ profiles: { default: { chat: slow } }, modelSettings: { concurrency: 2 }, segments: { maxUnits: 1 } });
    const lines = ["Priya adopted a border collie called Biscuit.", "Priya works night shifts as a nurse in Leeds.", "Priya runs the Leeds half marathon every April.", "Priya keeps bees on her allotment near the river."];
    const result = await memory.memorize({ content: lines.join("\n\n"), scope });
    expect(result.usage.steps.extract!.calls).toBe(4);
    expect(most).toBe(2);
  });

  it("rejects bad settings with the field named", async () => {
    await expect(createMemory({ modelSettings: { maxRetries: -1 } })).rejects.toMatchObject({ code: "VALIDATION", message: expect.stringMatching(/modelSettings\.maxRetries/) });
    await expect(createMemory({ steps: { extract: "" } })).rejects.toMatchObject({ code: "VALIDATION" });
    const notAModel = { generate: () => "hi" } as unknown as ModelProfile["chat"];
    await expect(createMemory({ profiles: { default: { chat: notAModel } } })).rejects.toMatchObject({ code: "VALIDATION", message: expect.stringMatching(/profiles\.default\.chat/) });
  });
});

describe("llm retrieve", () => {
  it("applies time filters and scope in every tier", async () => {
    const { memory } = await memoryWith({
      memories: ({ data }) => ({
        memories: [...data.matchAll(/^\[(m\d+)\] (?:\(([\d-]+)[^)]*\) )?(.*)$/gm)].map((match) => ({ type: "event", summary: match[3]!, happenedAt: match[2] ?? null, sources: [match[1]!], categories: ["experiences"] })),
        newCategories: [],
      }),
    });
    await memory.memorize({ content: [{ role: "user", content: "I visited Porto for a concert.", created_at: "2023-01-10T10:00:00Z" }, { role: "user", content: "I visited Porto again for a conference.", created_at: "2024-06-10T10:00:00Z" }], scope });
    await memory.memorize({ content: "Priya: I visited Porto with my sister.", scope: { userId: "someone-else" } });
    const found = await memory.retrieve({ query: "When did I visit Porto?", scope, method: "llm", happenedAfter: "2024-01-01" });
    expect(found.items.map((item) => item.summary)).toEqual(["User: I visited Porto again for a conference."]);
  });

  it("names the missing profile when no chat model is configured", async () => {
    const memory = await createMemory();
    await expect(memory.retrieve({ query: "x", scope, method: "llm" })).rejects.toBeInstanceOf(ModelNotConfiguredError);
    await expect(memory.memorize({ content: "not really an image", uri: "photo.png", modality: "image", scope })).rejects.toMatchObject({ code: "MODEL_NOT_CONFIGURED", field: "profiles.vision" });
    await expect(memory.memorize({ content: "not really audio", uri: "talk.wav", modality: "audio", scope })).rejects.toMatchObject({ code: "MODEL_NOT_CONFIGURED", field: "profiles.transcription" });
  });
});
