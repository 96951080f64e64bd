import { describe, expect, it } from "vitest";
import { MemographError } from "../errors/index.js";
import { createMemory } from "./memory-service.js";
import { MAX_QUERY_CHARS } from "../retrieve/retrieve-input.js";

const scope = { userId: "u1" };

async function refusal(promise: Promise<unknown>): Promise<MemographError> {
  const error: unknown = await promise.then(() => null, (caught: unknown) => caught);
  if (!MemographError.isInstance(error)) throw new Error(`expected a MemographError, got ${String(error)}`);
  return error;
}

describe("inline content size", () => {
  it("refuses content over maxContentBytes with RESOURCE_REFUSED on field content, and writes nothing", async () => {
    const memory = await createMemory({ maxContentBytes: 1000 });
    const text = "I moved to Lisbon last month with my sister. ".repeat(30);
    const error = await refusal(memory.memorize({ content: text, scope }));
    expect([error.code, error.field]).toEqual(["RESOURCE_REFUSED", "content"]);
    const conversation = await refusal(memory.memorize({ content: [{ role: "user", content: text }], scope }));
    expect([conversation.code, conversation.field]).toEqual(["RESOURCE_REFUSED", "content"]);
    expect((await memory.listResources({ scope })).records).toHaveLength(0);
    // Counted in UTF-8 bytes: 400 characters of 3 bytes each are over 1000.
    expect((await refusal(memory.memorize({ content: "€".repeat(400), scope }))).code).toBe("RESOURCE_REFUSED");
    expect((await memory.memorize({ content: text.slice(0, 900), scope })).created).toBe(true);
    await memory.close();
  });

  it("refuses content over the default limit of 25 MiB", async () => {
    const memory = await createMemory();
    const error = await refusal(memory.memorize({ content: "x".repeat(25 * 1024 * 1024 + 1), scope }));
    expect([error.code, error.field]).toEqual(["RESOURCE_REFUSED", "content"]);
    await memory.close();
  });
});

describe("retrieve query size", () => {
  it("applies the query's character limit to a conversation given as queries", async () => {
    const memory = await createMemory();
    const long = "word ".repeat(MAX_QUERY_CHARS / 5 + 1);
    for (const input of [{ query: long }, { queries: [{ role: "user", content: long }] }, { queries: [{ role: "user", content: long }, { role: "user", content: "short" }] }]) {
      const error = await refusal(memory.retrieve({ ...input, scope }));
      expect(error.code).toBe("VALIDATION");
      expect(error.field).toMatch(/^quer(y|ies\.\d\.content)$/);
    }
    const many = Array.from({ length: 101 }, () => ({ role: "user", content: "hello" }));
    expect((await refusal(memory.retrieve({ queries: many, scope }))).field).toBe("queries");
    await memory.close();
  });
});
