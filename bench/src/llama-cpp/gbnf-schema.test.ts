import { createMemory, type CompletionRequest, type LanguageModel } from "@memograph/core";
import { scriptedLanguageModel } from "@memograph/core/testing";
import { getLlama, LlamaLogLevel, type Llama } from "node-llama-cpp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toGbnfJsonSchema } from "./gbnf-schema.js";

interface Exchange {
  readonly name: string;
  readonly schema: Record<string, unknown>;
  readonly answer: string;
}

/** Each structured request of memorize and llm retrieve, with the scripted answer that follows its schema. */
async function exchanges(): Promise<Exchange[]> {
  const scripted = scriptedLanguageModel();
  const seen: Exchange[] = [];
  const model: LanguageModel = {
    id: "recording",
    async complete(request: CompletionRequest) {
      const completion = await scripted.complete(request);
      if (request.json !== undefined) seen.push({ name: request.json.name, schema: request.json.schema as Record<string, unknown>, answer: completion.text });
      return completion;
    },
  };
  const memory = await createMemory({ profiles: { default: { chat: model } } });
  const scope = { userId: "priya" };
  await memory.memorize({ content: [{ role: "user", content: "I adopted a border collie called Biscuit last weekend.", created_at: "2024-03-01T09:00:00Z" }], scope });
  await memory.retrieve({ query: "What is the name of the border collie?", scope, method: "llm" });
  await memory.close();
  return seen;
}

let llama: Llama;
let seen: Exchange[];
beforeAll(async () => {
  // The prebuilt CPU binary from @node-llama-cpp/linux-x64; no weights are needed to compile grammars.
  llama = await getLlama({ build: "never", gpu: false, logLevel: LlamaLogLevel.error });
  seen = await exchanges();
}, 120_000);
afterAll(() => llama.dispose());

describe("memograph's strict schemas as node-llama-cpp grammars", () => {
  it("compiles every schema memorize and llm retrieve send, and the grammar accepts an answer that follows it", async () => {
    expect(new Set(seen.map((exchange) => exchange.name))).toEqual(new Set(["memories", "category_summary", "categories_judgement", "items_judgement"]));
    for (const exchange of seen) {
      const grammar = await llama.createGrammarForJsonSchema(toGbnfJsonSchema(exchange.schema));
      expect([exchange.name, grammar.parse(exchange.answer)]).toEqual([exchange.name, JSON.parse(exchange.answer)]);
    }
  });

  it("keeps the ids the model may choose: an id that was not offered is refused", async () => {
    const judgement = seen.find((exchange) => exchange.name === "items_judgement")!;
    const grammar = await llama.createGrammarForJsonSchema(toGbnfJsonSchema(judgement.schema));
    expect(() => grammar.parse(JSON.stringify({ relevantIds: ["itm_not_offered"], sufficient: true, nextStepQuery: null }))).toThrow();
  });

  it("turns anyOf into oneOf, keeps enums alone and drops what the grammar cannot enforce", () => {
    expect(
      toGbnfJsonSchema({
        type: "object",
        properties: { when: { anyOf: [{ type: "string", format: "date", pattern: "^\\d{4}" }, { type: "null" }] }, kind: { type: "string", enum: ["a", "b"] }, at: { type: "integer", minimum: 0 } },
        required: ["when", "kind", "at"],
        additionalProperties: false,
      }),
    ).toEqual({
      type: "object",
      properties: { when: { oneOf: [{ type: "string", format: "date" }, { type: "null" }] }, kind: { enum: ["a", "b"] }, at: { type: "integer" } },
      required: ["when", "kind", "at"],
      additionalProperties: false,
    });
  });
});
