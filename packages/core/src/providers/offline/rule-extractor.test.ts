import { describe, expect, it } from "vitest";
import { DEFAULT_CATEGORIES, DEFAULT_MEMORY_TYPES } from "../../model/index.js";
import { resolveRelativeDates } from "./relative-dates.js";
import { RuleExtractor } from "./rule-extractor.js";
import { toThirdPerson } from "./third-person.js";

const context = { memoryTypes: DEFAULT_MEMORY_TYPES, categories: DEFAULT_CATEGORIES };

describe("toThirdPerson", () => {
  it.each([
    ["I love hiking with my dog.", "Sam loves hiking with Sam's dog."],
    ["I'm a nurse and I've worked nights.", "Sam is a nurse and Sam has worked nights."],
    ["I really enjoy it, it helps me relax.", "Sam really enjoys it, it helps Sam relax."],
    ["I went home; I do yoga.", "Sam went home; Sam does yoga."],
    ["Your advice helped, you're kind.", "Kai's advice helped, Kai is kind."],
    ["Some me-time matters.", "Some me-time matters."],
  ])("%s", (sentence, expected) => {
    expect(toThirdPerson(sentence, "Sam", "Kai")).toBe(expected);
  });
});

describe("resolveRelativeDates", () => {
  const said = new Date("2023-05-08T13:56:00Z");
  it.each([
    ["I went yesterday.", "I went yesterday (7 May 2023).", "2023-05-07"],
    ["We met last Saturday.", "We met last Saturday (6 May 2023).", "2023-05-06"],
    ["It was last week.", "It was last week (the week before 8 May 2023).", "2023-05-01"],
    ["I painted it last year.", "I painted it last year (2022).", "2022-05-08"],
    ["I moved on 3 March 2021.", "I moved on 3 March 2021.", "2021-03-03"],
    ["No dates here.", "No dates here.", null],
    ["I train every Tuesday and Thursday evening.", "I train every Tuesday and Thursday evening.", null],
  ])("%s", (sentence, text, happenedAt) => {
    expect(resolveRelativeDates(sentence, said)).toEqual({ text, happenedAt });
  });
});

describe("RuleExtractor", () => {
  it("keeps informative statements of a conversation in the third person, with their message ids", async () => {
    const conversation = {
      format: "locomo" as const,
      participants: ["Caroline", "Melanie"],
      messages: [
        { id: "D1:1", speaker: "Caroline", text: "Hey Mel! How are you?", at: "2023-05-08T13:56:00.000Z" },
        { id: "D1:3", speaker: "Caroline", text: "I went to a LGBTQ support group yesterday and it was so powerful.", at: "2023-05-08T13:56:00.000Z" },
        { id: "D1:4", speaker: "Melanie", text: "Wow!", at: "2023-05-08T13:56:00.000Z", imageCaption: "a photo of a lake at sunset" },
      ],
    };
    const { memories } = await new RuleExtractor().extract({ uri: "x", modality: "conversation", content: { kind: "conversation", conversation } }, context);
    expect(memories).toEqual([
      {
        type: "event",
        summary: "Caroline went to a LGBTQ support group yesterday (7 May 2023) and it was so powerful.",
        happenedAt: "2023-05-07",
        span: { kind: "messages", messageIds: ["D1:3"] },
        categories: ["experiences"],
      },
      {
        type: "knowledge",
        summary: "Melanie shared an image: a photo of a lake at sunset.",
        happenedAt: null,
        span: { kind: "messages", messageIds: ["D1:4"] },
        categories: ["knowledge"],
      },
    ]);
  });

  it("keeps document sentences with their character ranges", async () => {
    const text = "Hi. I work as a baker in Lyon. Do you?";
    const { memories } = await new RuleExtractor().extract({ uri: "x", modality: "document", content: { kind: "document", text } }, context);
    expect(memories).toHaveLength(1);
    expect(memories[0]).toMatchObject({ summary: "I work as a baker in Lyon.", type: "profile", span: { kind: "chars", start: 4, end: 30 } });
    expect(text.slice(4, 30)).toBe("I work as a baker in Lyon.");
    expect(memories[0]!.categories).toContain("work_life");
  });
});
