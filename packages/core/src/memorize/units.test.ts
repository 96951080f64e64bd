import { afterEach, describe, expect, it, vi } from "vitest";
import type { Conversation } from "../formats/conversation.js";
import { mergeSpans, segment, spansOverlap, unitsOf } from "./units.js";

const conversation = (messages: { id: string; at: string | null }[]): Conversation => ({
  format: "openai",
  participants: ["User"],
  messages: messages.map((message) => ({ ...message, speaker: "User", text: "hello there" })),
});

describe("source units and segments", () => {
  it("splits segments at sessions; an undated message stays in the session before it", () => {
    const units = unitsOf({ kind: "conversation", conversation: conversation([{ id: "m1", at: "2025-03-14T09:00:00Z" }, { id: "m2", at: null }, { id: "m3", at: "2025-03-15T09:00:00Z" }]) });
    expect(segment(units, { maxUnits: 60, maxChars: 10_000 }).map((part) => part.map((unit) => unit.id))).toEqual([["m1", "m2"], ["m3"]]);
  });

  it("splits LoCoMo sessions by their D<n> prefix and long sessions by size", () => {
    const units = unitsOf({ kind: "conversation", conversation: conversation(["D1:1", "D1:2", "D1:3", "D2:1"].map((id) => ({ id, at: null }))) });
    expect(segment(units, { maxUnits: 2, maxChars: 10_000 }).map((part) => part.map((unit) => unit.id))).toEqual([["D1:1", "D1:2"], ["D1:3"], ["D2:1"]]);
  });

  it("cites pages in a paged document and characters otherwise", () => {
    const text = "First page text.\n\f\nSecond page, first paragraph.\n\nSecond page, second paragraph.";
    expect(unitsOf({ kind: "document", text }).map((unit) => unit.span)).toEqual([
      { kind: "pages", from: 1, to: 1 },
      { kind: "pages", from: 2, to: 2 },
      { kind: "pages", from: 2, to: 2 },
    ]);
    expect(unitsOf({ kind: "document", text: "One.\n\nTwo." }).map((unit) => unit.span)).toEqual([
      { kind: "chars", start: 0, end: 4 },
      { kind: "chars", start: 6, end: 10 },
    ]);
  });

  it("merges the spans a memory cites", () => {
    expect(mergeSpans([{ kind: "messages", messageIds: ["a"] }, { kind: "messages", messageIds: ["b", "a"] }])).toEqual({ kind: "messages", messageIds: ["a", "b"] });
    expect(mergeSpans([{ kind: "time", startMs: 400, endMs: 900 }, { kind: "time", startMs: 0, endMs: 500 }])).toEqual({ kind: "time", startMs: 0, endMs: 900 });
    expect(mergeSpans([{ kind: "chars", start: 10, end: 20 }, { kind: "chars", start: 0, end: 5 }])).toEqual({ kind: "chars", start: 0, end: 20 });
  });

  it("tells whether two spans share a message, character, page or moment", () => {
    expect(spansOverlap({ kind: "messages", messageIds: ["a", "b"] }, { kind: "messages", messageIds: ["b"] })).toBe(true);
    expect(spansOverlap({ kind: "messages", messageIds: ["a"] }, { kind: "messages", messageIds: ["b"] })).toBe(false);
    expect(spansOverlap({ kind: "chars", start: 0, end: 10 }, { kind: "chars", start: 9, end: 12 })).toBe(true);
    expect(spansOverlap({ kind: "chars", start: 0, end: 10 }, { kind: "chars", start: 10, end: 12 })).toBe(false);
    expect(spansOverlap({ kind: "chars", start: 0, end: 10 }, { kind: "chars", start: 4, end: 4 })).toBe(true);
    expect(spansOverlap({ kind: "pages", from: 2, to: 3 }, { kind: "pages", from: 3, to: 5 })).toBe(true);
    expect(spansOverlap({ kind: "pages", from: 2, to: 3 }, { kind: "pages", from: 4, to: 5 })).toBe(false);
    expect(spansOverlap({ kind: "time", startMs: 0, endMs: 1000 }, { kind: "time", startMs: 1000, endMs: 2000 })).toBe(false);
    expect(spansOverlap({ kind: "time", startMs: 0, endMs: 1000 }, { kind: "chars", start: 0, end: 1000 })).toBe(false);
  });
});

describe("units of a long paged document", () => {
  afterEach(() => vi.restoreAllMocks());

  it("finds each paragraph's page without going through every page break", () => {
    const pages = 4000;
    const text = Array.from({ length: pages }, (_, index) => `Page ${index + 1} text.`).join("\n\f\n");
    // Work counted as the elements array callbacks go through: a filter over all page breaks per paragraph is pages².
    let visited = 0;
    const methods = Array.prototype as unknown as Record<string, (this: unknown[], ...args: unknown[]) => unknown>;
    for (const method of ["filter", "map", "findIndex", "some", "every", "forEach"]) {
      const original = methods[method]!;
      vi.spyOn(methods, method).mockImplementation(function (this: unknown[], ...args: unknown[]) {
        visited += this.length;
        return original.apply(this, args);
      });
    }
    const units = unitsOf({ kind: "document", text });
    vi.restoreAllMocks();
    expect(units).toHaveLength(pages);
    expect(units[2999]!.span).toEqual({ kind: "pages", from: 3000, to: 3000 });
    expect(visited).toBeLessThan(20 * pages);
  });
});
