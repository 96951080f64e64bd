import { describe, expect, it } from "vitest";
import { MAX_QUERY_CHARS } from "../retrieve/retrieve-input.js";
import { createMemory } from "../service/memory-service.js";
import { RECALL_QUERY_CHARS, recallQuery } from "./recall-query.js";

describe("recallQuery", () => {
  it("keeps a short message as it is, whitespace collapsed", () => {
    expect(recallQuery("  Which snack\n\nshould I bring?  ")).toBe("Which snack should I bring?");
  });

  it("condenses a long message to its start and end, within the limit and cut between words", () => {
    const message = `I am allergic to peanuts. ${"Here is a very long story about my week. ".repeat(5000)}So which snack should I bring?`;
    const query = recallQuery(message);
    expect(query.length).toBeLessThanOrEqual(RECALL_QUERY_CHARS);
    expect(RECALL_QUERY_CHARS).toBeLessThan(MAX_QUERY_CHARS);
    expect(query.startsWith("I am allergic to peanuts.")).toBe(true);
    expect(query.endsWith("So which snack should I bring?")).toBe(true);
    expect(query).toMatch(/^(\S+ )*\S+ … (\S+ )*\S+$/);
    expect(recallQuery("x".repeat(50_000), 500)).toHaveLength(500);
  });

  it("gives a query retrieve accepts for a message of any length", async () => {
    const memory = await createMemory();
    const scope = { userId: "u1" };
    await memory.createItem({ scope, type: "profile", summary: "The user is allergic to peanuts" });
    const message = `Peanuts? ${"word ".repeat(200_000)}`;
    expect((await memory.retrieve({ query: recallQuery(message), scope })).items.map((item) => item.summary)).toEqual(["The user is allergic to peanuts"]);
    await memory.close();
  });
});
