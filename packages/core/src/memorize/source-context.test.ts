import { describe, expect, it } from "vitest";
import type { PreparedContent } from "../ports/index.js";
import { createMemory } from "../service/memory-service.js";
import { MAX_PASSAGE_CHARS, sourceContext } from "./source-context.js";

const chat: PreparedContent = {
  kind: "conversation",
  conversation: {
    format: "openai",
    participants: ["Mel", "Caroline"],
    messages: [
      { id: "m1", speaker: "Mel", text: "Do you have any pets?", at: null },
      { id: "m2", speaker: "Caroline", text: "Yup, Oscar, my guinea pig.", at: null, imageCaption: "a guinea pig in hay" },
      { id: "m3", speaker: "Mel", text: "So cute!", at: null },
      { id: "m4", speaker: "Caroline", text: "He loves carrots.", at: null },
      { id: "m5", speaker: "Mel", text: "Mine too.", at: null },
      { id: "m6", speaker: "Caroline", text: "Anyway, pottery tonight?", at: null },
      { id: "m7", speaker: "Mel", text: "Sure, at eight.", at: null },
      { id: "m8", speaker: "Caroline", text: "See you there.", at: null },
    ],
  },
};

describe("the source passage around a memory", () => {
  it("is a message with the three before and after it, captions included, and stops at the conversation's ends", () => {
    const contextOf = sourceContext(chat);
    expect(contextOf({ kind: "messages", messageIds: ["m5"] })).toBe(
      "Caroline: Yup, Oscar, my guinea pig. [shares an image: a guinea pig in hay] Mel: So cute! Caroline: He loves carrots. Mel: Mine too. Caroline: Anyway, pottery tonight? Mel: Sure, at eight. Caroline: See you there.",
    );
    expect(contextOf({ kind: "messages", messageIds: ["m1"] })).toBe("Mel: Do you have any pets? Caroline: Yup, Oscar, my guinea pig. [shares an image: a guinea pig in hay] Mel: So cute! Caroline: He loves carrots.");
    expect(contextOf({ kind: "messages", messageIds: ["m8", "m7"] })).toBe("Caroline: He loves carrots. Mel: Mine too. Caroline: Anyway, pottery tonight? Mel: Sure, at eight. Caroline: See you there.");
  });

  it("writes a dated message's day out once, where the day changes, instead of each message's timestamp", () => {
    const dated: PreparedContent = {
      kind: "conversation",
      conversation: {
        format: "locomo",
        participants: ["Mel", "Caroline"],
        messages: [
          { id: "D1:1", speaker: "Mel", text: "How was the parade?", at: "2023-05-08T13:56:00Z" },
          { id: "D1:2", speaker: "Caroline", text: "Loud and wonderful.", at: "2023-05-08T13:57:00Z" },
          { id: "D2:1", speaker: "Mel", text: "I signed up for pottery.", at: "2023-05-25T09:00:00Z" },
        ],
      },
    };
    const contextOf = sourceContext(dated);
    expect(contextOf({ kind: "messages", messageIds: ["D1:2"] })).toBe("(8 May 2023) Mel: How was the parade? Caroline: Loud and wonderful. (25 May 2023) Mel: I signed up for pottery.");
  });

  it("is the paragraph holding a character range with the paragraphs beside it", () => {
    const text = "Alpha one.\n\nBravo two. Bravo three.\n\nCharlie four.\n\nDelta five.";
    const contextOf = sourceContext({ kind: "document", text });
    const bravoThree = text.indexOf("Bravo three.");
    expect(contextOf({ kind: "chars", start: bravoThree, end: bravoThree + "Bravo three.".length })).toBe("Alpha one. Bravo two. Bravo three. Charlie four.");
    expect(contextOf({ kind: "chars", start: text.indexOf("Delta"), end: text.indexOf("Delta") })).toBe("Charlie four. Delta five.");
  });

  it("is the transcript lines overlapping a time range with the lines beside them", () => {
    const segments = [
      { startMs: 0, endMs: 2000, text: "welcome" },
      { startMs: 2000, endMs: 4000, text: "the beagle is called" },
      { startMs: 4000, endMs: 6000, text: "Biscuit" },
      { startMs: 6000, endMs: 8000, text: "goodbye" },
    ];
    expect(sourceContext({ kind: "timed", segments })({ kind: "time", startMs: 4500, endMs: 5000 })).toBe("[00:02.0–00:04.0] the beagle is called [00:04.0–00:06.0] Biscuit [00:06.0–00:08.0] goodbye");
  });

  it("is empty for a span that does not locate in the source", () => {
    const contextOf = sourceContext(chat);
    expect(contextOf({ kind: "messages", messageIds: ["m9"] })).toBe("");
    expect(contextOf({ kind: "chars", start: 0, end: 5 })).toBe("");
  });

  it("lets retrieve find an answer by the words of the question it answered, and not a fact said further away", async () => {
    const memory = await createMemory();
    try {
      const scope = { userId: "caroline" };
      await memory.memorize({
        content: [
          { role: "assistant", content: "Do you keep any pets at home?" },
          { role: "user", content: "Yup, Oscar, my guinea pig. He munches hay all day." },
          { role: "assistant", content: "How lovely!" },
          { role: "user", content: "Thanks!" },
          { role: "assistant", content: "Anything else new this week?" },
          { role: "user", content: "I started pottery classes downtown." },
        ],
        scope,
      });
      const { items } = await memory.retrieve({ query: "pets", scope, topK: { items: 5, categories: 1, resources: 1 } });
      // The question is no memory (it ends with "?"), and the answer's two facts never say "pets"; the pottery
      // classes, five messages after the question, are beyond the passage's reach.
      expect(items.map((item) => item.summary).sort()).toEqual(["He munches hay all day.", "Oscar, User's guinea pig."]);
    } finally {
      await memory.close();
    }
  });
});

describe("locating a memory's passage in a long source", () => {
  /** A span whose fields count how often they are read: locating must not compare it with every unit. */
  function counted<T extends object>(span: T): { span: T; reads: () => number } {
    let reads = 0;
    const proxy = new Proxy(span, {
      get(target, key, receiver) {
        reads += 1;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    return { span: proxy, reads: () => reads };
  }

  it("reads a message span a bounded number of times, however long the conversation", () => {
    const messages = Array.from({ length: 5000 }, (_, index) => ({ id: `m${index}`, speaker: index % 2 === 0 ? "Mel" : "Caroline", text: `Message number ${index}.`, at: null }));
    const contextOf = sourceContext({ kind: "conversation", conversation: { format: "openai", participants: ["Mel", "Caroline"], messages } });
    const { span, reads } = counted({ kind: "messages" as const, messageIds: ["m4000"] });
    expect(contextOf(span)).toBe(
      "Caroline: Message number 3997. Mel: Message number 3998. Caroline: Message number 3999. Mel: Message number 4000. Caroline: Message number 4001. Mel: Message number 4002. Caroline: Message number 4003.",
    );
    expect(reads()).toBeLessThan(10);
  });

  it("reads a character span a bounded number of times, however long the document", () => {
    const text = Array.from({ length: 5000 }, (_, index) => `Paragraph ${index}.`).join("\n\n");
    const contextOf = sourceContext({ kind: "document", text });
    const start = text.indexOf("Paragraph 4000.");
    const { span, reads } = counted({ kind: "chars" as const, start, end: start + 5 });
    expect(contextOf(span)).toBe("Paragraph 3999. Paragraph 4000. Paragraph 4001.");
    expect(reads()).toBeLessThan(10);
  });

  it("still finds transcript lines that come out of order", () => {
    const segments = [
      { startMs: 4000, endMs: 6000, text: "Biscuit" },
      { startMs: 0, endMs: 2000, text: "welcome" },
      { startMs: 2000, endMs: 4000, text: "the beagle" },
    ];
    expect(sourceContext({ kind: "timed", segments })({ kind: "time", startMs: 500, endMs: 600 })).toBe("[00:04.0–00:06.0] Biscuit [00:00.0–00:02.0] welcome [00:02.0–00:04.0] the beagle");
  });
});

describe("the source passage of a long span", () => {
  it("keeps a document's or transcript's units nearest the span's middle, up to the cap", () => {
    const text = Array.from({ length: 400 }, (_, index) => `Paragraph ${index} ${"word ".repeat(40).trim()}.`).join("\n\n");
    const contextOf = sourceContext({ kind: "document", text });
    const passage = contextOf({ kind: "chars", start: 0, end: text.length });
    expect(passage.length).toBeLessThanOrEqual(MAX_PASSAGE_CHARS);
    expect(passage.length).toBeGreaterThan(MAX_PASSAGE_CHARS - 400);
    expect(passage).toContain("Paragraph 200 ");
    expect(passage).not.toContain("Paragraph 0 ");
    expect(passage).not.toContain("Paragraph 399 ");
    const segments = Array.from({ length: 3600 }, (_, index) => ({ startMs: index * 1000, endMs: (index + 1) * 1000, text: `second ${index}` }));
    const hour = sourceContext({ kind: "timed", segments })({ kind: "time", startMs: 0, endMs: 3_600_000 });
    expect(hour.length).toBeLessThanOrEqual(MAX_PASSAGE_CHARS);
    expect(hour).toContain("second 1800");
  });

  it("leaves a conversation's passage whole: the cited messages and three on either side", () => {
    const messages = Array.from({ length: 200 }, (_, index) => ({ id: `m${index}`, speaker: "Mel", text: `${"Long message ".repeat(5)}${index}.`, at: null }));
    const contextOf = sourceContext({ kind: "conversation", conversation: { format: "openai", participants: ["Mel"], messages } });
    const passage = contextOf({ kind: "messages", messageIds: messages.slice(10, 150).map((message) => message.id) });
    // 140 cited, three on either side, and the empty piece before the first.
    expect(passage.split("Mel: ")).toHaveLength(147);
  });
});
