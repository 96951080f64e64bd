import { startFakeOpenAI, type FakeOpenAI } from "@memograph/core/testing";
import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";

const judgement = {
  type: "object",
  properties: {
    relevantIds: { type: "array", items: { type: "string", enum: ["itm_1", "itm_2"] } },
    sufficient: { type: "boolean" },
    nextStepQuery: { anyOf: [{ type: "string" }, { type: "null" }] },
    when: { type: "string", format: "date" },
    sources: { type: "array", items: { type: "string", enum: ["m1", "m2"] }, minItems: 1 },
  },
  required: ["relevantIds", "sufficient", "nextStepQuery", "when", "sources"],
  additionalProperties: false,
};

let server: FakeOpenAI | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function client(options: Parameters<typeof startFakeOpenAI>[0] = {}): Promise<OpenAI> {
  server = await startFakeOpenAI(options);
  return new OpenAI({ apiKey: "k", baseURL: server.baseURL, maxRetries: 0 });
}

const ask = (openai: OpenAI, schema: Record<string, unknown>, strict = true) =>
  openai.chat.completions.create({ model: "fake-chat", messages: [{ role: "user", content: "Judge." }], response_format: { type: "json_schema", json_schema: { name: "judgement", schema, strict } } });

describe("the fake OpenAI server is a strict structured-output provider", () => {
  it("rejects the schema a transform leaks as {} with OpenAI's 400, as it rejected memograph's old rank schema", async () => {
    const openai = await client();
    // What z.toJSONSchema made of `z.array(z.string()).transform(...)` in output mode.
    const old = {
      type: "object",
      properties: { relevantIds: {}, sufficient: { type: "boolean" }, nextStepQuery: { default: null, type: ["string", "null"] } },
      required: ["relevantIds", "sufficient", "nextStepQuery"],
      additionalProperties: false,
    };
    const error = await ask(openai, old).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).status).toBe(400);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe("response_format");
    expect((error as Error).message).toMatch(/Invalid schema for response_format 'judgement': In context=\('properties', 'relevantIds'\), schema must have a 'type' key/);
  });

  it("rejects optional properties, open objects and keywords strict mode does not take", async () => {
    const openai = await client();
    const loose = { type: "object", properties: { a: { type: "string", minLength: 1 }, b: { type: "string" } }, required: ["a"] };
    await expect(ask(openai, loose)).rejects.toThrow(/'additionalProperties' is required to be supplied and to be false/);
    await expect(ask(openai, { ...loose, additionalProperties: false })).rejects.toThrow(/Missing 'b'/);
    await expect(ask(openai, { ...loose, required: ["a", "b"], additionalProperties: false })).rejects.toThrow(/'minLength' is not permitted/);
    // Without strict the schema is only a hint, as at OpenAI.
    const answered = await ask((await client({ chat: () => ({ text: '{"a":"x"}' }) })), loose, false);
    expect(answered.choices[0]!.message.content).toBe('{"a":"x"}');
  });

  it("answers without a script with the minimal instance of the schema it was sent: null where allowed", async () => {
    const openai = await client();
    const answer = await ask(openai, judgement);
    expect(JSON.parse(answer.choices[0]!.message.content!)).toEqual({ relevantIds: [], sufficient: false, nextStepQuery: null, when: "1970-01-01", sources: ["m1"] });
    expect(answer.usage!.completion_tokens).toBeGreaterThan(0);
  });

  it("sends a scripted answer that follows the schema, and fails a test's script that does not with a 500 naming why", async () => {
    const good = { relevantIds: ["itm_2"], sufficient: true, nextStepQuery: null, when: "2024-05-01", sources: ["m2"] };
    let reply = JSON.stringify(good);
    const openai = await client({ chat: () => ({ text: reply }) });
    expect(JSON.parse((await ask(openai, judgement)).choices[0]!.message.content!)).toEqual(good);
    reply = JSON.stringify({ ...good, relevantIds: ["itm_9"], extra: 1 });
    const error = await ask(openai, judgement).catch((caught: unknown) => caught);
    expect((error as { status?: number }).status).toBe(500);
    expect((error as Error).message).toMatch(/relevantIds\[0\]: "itm_9" is not one of/);
    expect((error as Error).message).toMatch(/unexpected property extra/);
  });

  it("as an endpoint without json_schema, refuses it with a 400 saying so and still serves JSON mode", async () => {
    const openai = await client({ structuredOutputs: false, chat: () => ({ text: '{"ok":true}' }) });
    await expect(ask(openai, judgement)).rejects.toThrow(/response_format type 'json_schema' is not supported/);
    const answer = await openai.chat.completions.create({ model: "fake-chat", messages: [{ role: "user", content: "JSON please" }], response_format: { type: "json_object" } });
    expect(answer.choices[0]!.message.content).toBe('{"ok":true}');
  });

  it("calls a forced strict tool with arguments that follow its parameters", async () => {
    const openai = await client();
    const answer = await openai.chat.completions.create({
      model: "fake-chat",
      messages: [{ role: "user", content: "Judge." }],
      tools: [{ type: "function", function: { name: "judgement", parameters: judgement, strict: true } }],
      tool_choice: { type: "function", function: { name: "judgement" } },
    });
    const call = answer.choices[0]!.message.tool_calls![0]!;
    expect(call.type === "function" && call.function.name).toBe("judgement");
    expect(call.type === "function" && JSON.parse(call.function.arguments)).toMatchObject({ relevantIds: [], nextStepQuery: null });
  });
});
