import { createServer } from "node:net";
import { createMemory, MemographError, ModelError, type MemoryService } from "@memograph/core";
import { answerName, scriptedMemoryModel, startFakeOpenAI, type ChatRequest, type FakeOpenAI, type Reply } from "@memograph/core/testing";
import { openAIProfile } from "@memograph/langchain";
import { afterEach, describe, expect, it } from "vitest";

const scope = { userId: "u1" };
const FIRST = "Priya: I adopted a border collie called Biscuit last weekend and walk him every morning.";
const SECOND = "Priya: I started a new job as a nurse at the city hospital in March.";
const script = scriptedMemoryModel();

let server: FakeOpenAI | undefined;
let memory: MemoryService | undefined;
afterEach(async () => {
  await memory?.close();
  await server?.close();
  memory = undefined;
  server = undefined;
});

/** A memory on the fake endpoint whose `fault` may replace the scripted answer of any request. */
async function setup(fault: (request: ChatRequest, index: number) => Reply | undefined, settings: { timeoutMs?: number; maxRetries?: number; structuredOutput?: "json_object" } = {}) {
  server = await startFakeOpenAI({ chat: (request, index) => fault(request, index) ?? script(request) });
  memory = await createMemory({
    profiles: { default: openAIProfile({ apiKey: "k", baseURL: server.baseURL, chatModel: "fake-chat", ...(settings.structuredOutput === undefined ? {} : { structuredOutput: settings.structuredOutput }) }) },
    modelSettings: { backoffMs: 1, timeoutMs: settings.timeoutMs ?? 2_000, maxRetries: settings.maxRetries ?? 2 },
  });
  return { server, memory };
}

async function snapshot(service: MemoryService) {
  return {
    resources: (await service.listResources({ scope })).records,
    items: (await service.listItems({ scope, status: "all" })).records,
    categories: await service.listCategories({ scope }),
  };
}

/** Memorizes SECOND after a fault was set up, expecting a typed failure that leaves the store as it was. */
async function expectCleanFailure(service: MemoryService, reason: ModelError["reason"]): Promise<ModelError> {
  await service.memorize({ content: FIRST, scope }).catch(() => undefined);
  const before = await snapshot(service);
  const error = await service.memorize({ content: SECOND, scope }).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(MemographError.isInstance(error)).toBe(true);
  expect(error).toBeInstanceOf(ModelError);
  expect((error as ModelError).reason).toBe(reason);
  expect(await snapshot(service)).toEqual(before);
  return error as ModelError;
}

describe("model faults end in success or a typed error, never a partial write", () => {
  it("retries a 429 and succeeds, counting the failed attempt", async () => {
    const { server, memory } = await setup((_request, index) => (index === 0 ? { status: 429, message: "slow down" } : undefined));
    const result = await memory.memorize({ content: FIRST, scope });
    expect(result.items).toHaveLength(1);
    expect(server.requests.filter((request) => answerName(request) === "memories")).toHaveLength(2);
    expect(result.usage.steps.extract!.calls).toBe(2);
    expect(result.usage.modelCalls).toBe(server.requests.length);
  });

  it("gives up on repeated 5xx after its retries with a typed error", async () => {
    const { server, memory } = await setup((request) => (request.messages[1]?.content?.toString().includes("nurse") ? { status: 503 } : undefined), { maxRetries: 2 });
    const error = await expectCleanFailure(memory, "server_error");
    expect(error.attempts).toBe(3);
    expect(server.requests.filter((request) => request.messages[1]?.content?.toString().includes("nurse"))).toHaveLength(3);
  });

  it("does not retry a 400", async () => {
    const { server, memory } = await setup((request) => (request.messages[1]?.content?.toString().includes("nurse") ? { status: 400, message: "bad request" } : undefined));
    const error = await expectCleanFailure(memory, "rejected");
    expect(error.attempts).toBe(1);
    expect(server.requests.filter((request) => request.messages[1]?.content?.toString().includes("nurse"))).toHaveLength(1);
  });

  it("times out a slow answer, retries, and succeeds", async () => {
    const { memory } = await setup((_request, index) => (index === 0 ? { delayMs: 1_000, then: { text: "{}" } } : undefined), { timeoutMs: 150 });
    const result = await memory.memorize({ content: FIRST, scope });
    expect(result.items).toHaveLength(1);
    expect(result.usage.steps.extract!.calls).toBe(2);
  });

  it("fails with reason timeout when every attempt is too slow", async () => {
    const { memory } = await setup((request) => (request.messages[1]?.content?.toString().includes("nurse") ? { delayMs: 1_000, then: { text: "{}" } } : undefined), { timeoutMs: 100, maxRetries: 1 });
    await expectCleanFailure(memory, "timeout");
  });

  // Malformed answers come from endpoints without strict structured output: JSON mode here.
  it("repairs malformed JSON by showing the model what was wrong", async () => {
    const { server, memory } = await setup((_request, index) => (index === 0 ? { text: "Sure! Here are the memories: {memories: [" } : undefined), { structuredOutput: "json_object" });
    const result = await memory.memorize({ content: FIRST, scope });
    expect(result.items).toHaveLength(1);
    const repair = server.requests[1]!;
    expect(repair.messages.at(-1)!.content).toMatch(/That answer is invalid: not valid JSON/);
    expect(repair.messages.at(-2)).toMatchObject({ role: "assistant", content: "Sure! Here are the memories: {memories: [" });
    expect(result.usage.steps.extract).toMatchObject({ calls: 2, repairs: 1, modes: { json_object: 2 } });
  });

  it("fails with invalid_output when answers never fit the schema, naming the field", async () => {
    const bogus = { text: JSON.stringify({ memories: [{ type: "gossip", summary: "x", happenedAt: null, sources: ["m99"], categories: [] }] }) };
    const { server, memory } = await setup((request) => (answerName(request) === "memories" && request.messages[1]?.content?.toString().includes("nurse") ? bogus : undefined), { structuredOutput: "json_object" });
    const error = await expectCleanFailure(memory, "invalid_output");
    expect(error.message).toMatch(/memories\.0\.type/);
    expect(error.message).toMatch(/memories\.0\.sources\.0/);
    expect(server.requests.filter((request) => request.messages[1]?.content?.toString().includes("nurse"))).toHaveLength(3);
  });

  it("writes nothing when a later step (summaries) fails after extraction succeeded", async () => {
    const { memory } = await setup((request) => (answerName(request) === "category_summary" && request.messages[1]?.content?.toString().includes("nurse") ? { status: 500 } : undefined), { maxRetries: 1 });
    const error = await expectCleanFailure(memory, "server_error");
    expect(error.step).toBe("summarize");
  });

  it("fails with reason unreachable when the server is down", async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    memory = await createMemory({
      profiles: { default: openAIProfile({ apiKey: "k", baseURL: `http://127.0.0.1:${port}/v1`, chatModel: "fake-chat" }) },
      modelSettings: { backoffMs: 1, maxRetries: 1 },
    });
    const error = await memory.memorize({ content: FIRST, scope }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).reason).toBe("unreachable");
    expect((error as ModelError).attempts).toBe(2);
    expect((error as ModelError).cause).toBeDefined();
    expect((await snapshot(memory)).resources).toEqual([]);
  });

  it("fails a dropped connection the same way, after retrying it", async () => {
    const { memory } = await setup((request) => (request.messages[1]?.content?.toString().includes("nurse") ? { hangUp: true } : undefined), { maxRetries: 1 });
    await expectCleanFailure(memory, "unreachable");
  });
});
