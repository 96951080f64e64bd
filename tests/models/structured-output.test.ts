import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createOpenAI } from "@ai-sdk/openai";
import { ChatOpenAI } from "@langchain/openai";
import { aiSdkLanguageModel } from "@memograph/ai-sdk";
import { EXIT, run, type CliIo } from "@memograph/cli";
import { createMemory, type LanguageModel, type MemoryService } from "@memograph/core";
import { answerName, minimalInstance, scriptedMemoryModel, startFakeOpenAI, type ChatRequest, type FakeOpenAI, type FakeOpenAIOptions, type Reply } from "@memograph/core/testing";
import { LangChainLanguageModel, openAIProfile, type OpenAIProfileOptions } from "@memograph/langchain";
import { afterEach, describe, expect, it } from "vitest";

const scope = { userId: "priya" };
const CONVERSATION = [
  { role: "user", content: "I work as a nurse at the city hospital in Leeds.", created_at: "2024-03-01T09:00:00Z" },
  { role: "assistant", content: "That sounds demanding.", created_at: "2024-03-01T09:00:05Z" },
  { role: "user", content: "I adopted a border collie called Biscuit last weekend.", created_at: "2024-03-01T09:01:00Z" },
];
const QUERY = "What is the name of the border collie?";

let server: FakeOpenAI | undefined;
let memory: MemoryService | undefined;
afterEach(async () => {
  await memory?.close();
  await server?.close();
  memory = undefined;
  server = undefined;
});

async function fake(options: FakeOpenAIOptions = { chat: scriptedMemoryModel() }): Promise<FakeOpenAI> {
  server = await startFakeOpenAI(options);
  return server;
}

async function withChat(chat: LanguageModel): Promise<MemoryService> {
  memory = await createMemory({ profiles: { default: { chat } } });
  return memory;
}

const profile = (fakeServer: FakeOpenAI, options: Partial<OpenAIProfileOptions> = {}) => openAIProfile({ apiKey: "k", baseURL: fakeServer.baseURL, chatModel: "fake-chat", ...options }).chat!;

/** How each chat request asked for JSON, by answer name. */
function formats(requests: readonly ChatRequest[]): string[] {
  return [...new Set(requests.map((request) => `${answerName(request)}:${request.response_format?.type ?? (request.tool_choice === undefined ? "none" : "tool")}${request.response_format?.json_schema?.strict === true ? ":strict" : ""}`))].sort();
}

/** Memorize, then llm retrieve: the answer names the dog, and every call's mode is counted. */
async function memorizeAndRecall(service: MemoryService) {
  const memorized = await service.memorize({ content: CONVERSATION, scope });
  expect(memorized.items.map((item) => item.summary)).toContain("User: I adopted a border collie called Biscuit last weekend.");
  const found = await service.retrieve({ query: QUERY, scope, method: "llm" });
  expect(found.items[0]!.summary).toContain("Biscuit");
  expect(found.tiers).toEqual(["categories", "items"]);
  return { memorized, found };
}

describe("structured output against a provider that follows the schema it is sent", () => {
  it("OpenAI-compatible profile: json_schema with strict schemas by default, no repairs", async () => {
    const endpoint = await fake();
    const { memorized, found } = await memorizeAndRecall(await withChat(profile(endpoint)));
    expect(formats(endpoint.requests)).toEqual(["categories_judgement:json_schema:strict", "category_summary:json_schema:strict", "items_judgement:json_schema:strict", "memories:json_schema:strict"]);
    expect(memorized.usage.profiles.default).toMatchObject({ modes: { json_schema: memorized.usage.modelCalls } });
    expect(memorized.usage.profiles.default!.repairs).toBeUndefined();
    expect(found.usage.steps.items).toMatchObject({ calls: 1, modes: { json_schema: 1 } });
  });

  it("llm retrieve succeeds when the model writes the minimal answer its schema allows (null, empty lists)", async () => {
    // The failure: the rank schema leaked `relevantIds: {}` and a schema-following model wrote null.
    const endpoint = await fake({ chat: (request) => (answerName(request)?.endsWith("_judgement") ? { text: JSON.stringify(minimalInstance(request.response_format!.json_schema!.schema!)) } : scriptedMemoryModel()(request)) });
    const service = await withChat(profile(endpoint));
    await service.memorize({ content: CONVERSATION, scope });
    const found = await service.retrieve({ query: QUERY, scope, method: "llm" });
    expect(found).toMatchObject({ items: [], categories: [], sufficient: false, nextStepQuery: null, tiers: ["categories", "items", "resources"] });
    expect(found.usage.profiles.default!.repairs).toBeUndefined();
  });

  it("memorize succeeds when every answer is the minimal instance: nothing extracted, nothing half-written", async () => {
    const endpoint = await fake({});
    const result = await (await withChat(profile(endpoint))).memorize({ content: CONVERSATION, scope });
    expect(result.items).toEqual([]);
    expect(endpoint.requests.map(answerName)).toEqual(["memories"]);
  });

  it("json_object mode, chosen per profile: the schema travels in the prompt", async () => {
    const endpoint = await fake();
    const { memorized } = await memorizeAndRecall(await withChat(profile(endpoint, { structuredOutput: "json_object" })));
    expect(new Set(endpoint.requests.map((request) => request.response_format?.type))).toEqual(new Set(["json_object"]));
    expect(endpoint.requests[0]!.messages[0]!.content).toContain('"additionalProperties":false');
    expect(memorized.usage.profiles.default!.modes).toEqual({ json_object: memorized.usage.modelCalls });
  });

  it("prompt mode sends no response format at all", async () => {
    const endpoint = await fake();
    await memorizeAndRecall(await withChat(profile(endpoint, { structuredOutput: "prompt" })));
    expect(endpoint.requests.every((request) => request.response_format === undefined && request.tools === undefined)).toBe(true);
  });

  it("an endpoint without json_schema answers 400 once; the profile falls back to JSON mode and remembers", async () => {
    const endpoint = await fake({ chat: scriptedMemoryModel(), structuredOutputs: false });
    const chat = profile(endpoint);
    const { memorized, found } = await memorizeAndRecall(await withChat(chat));
    expect(endpoint.requests.filter((request) => request.response_format?.type === "json_schema")).toHaveLength(1);
    expect(endpoint.requests.slice(1).every((request) => request.response_format?.type === "json_object")).toBe(true);
    // The refused request is not an answered call: usage counts the answers, in the mode that served them.
    expect(memorized.usage.profiles.default!.modes).toEqual({ json_object: memorized.usage.modelCalls });
    expect(found.usage.profiles.default!.modes).toEqual({ json_object: 2 });
  });

  it("an endpoint that lacks both falls back to the prompt", async () => {
    const endpoint = await fake({
      chat: (request) => (request.response_format?.type === "json_object" ? { status: 400, message: "Unsupported value: 'response_format.type' json_object is not supported with this model." } : scriptedMemoryModel()(request)),
      structuredOutputs: false,
    });
    await memorizeAndRecall(await withChat(profile(endpoint)));
    expect(endpoint.requests.map((request) => request.response_format?.type ?? "prompt").slice(0, 3)).toEqual(["json_schema", "json_object", "prompt"]);
    expect(endpoint.requests.slice(3).every((request) => request.response_format === undefined)).toBe(true);
  });

  it("a 400 for any other reason is not a fallback: it fails the call as rejected", async () => {
    const endpoint = await fake({ chat: (): Reply => ({ status: 400, message: "Invalid 'messages[1].content': string too long." }) });
    const error = await (await withChat(profile(endpoint))).memorize({ content: CONVERSATION, scope }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ reason: "rejected" });
    expect(endpoint.requests).toHaveLength(1);
  });

  it("LangChain ChatOpenAI with withStructuredOutput: jsonSchema and functionCalling, tokens counted", async () => {
    const endpoint = await fake();
    const chatOpenAI = () => new ChatOpenAI({ model: "fake-chat", apiKey: "k", configuration: { baseURL: endpoint.baseURL }, maxRetries: 0 });
    const viaSchema = await memorizeAndRecall(await withChat(new LangChainLanguageModel(chatOpenAI(), { method: "jsonSchema" })));
    expect(formats(endpoint.requests).every((format) => format.endsWith(":json_schema:strict"))).toBe(true);
    expect(viaSchema.memorized.usage.inputTokens).toBeGreaterThan(0);
    expect(viaSchema.memorized.usage.outputTokens).toBeGreaterThan(0);
    await memory!.close();

    const before = endpoint.requests.length;
    const viaTool = await memorizeAndRecall(await withChat(new LangChainLanguageModel(chatOpenAI(), { method: "functionCalling", strict: true })));
    const requests = endpoint.requests.slice(before);
    expect(requests.every((request) => request.tools?.length === 1 && request.tools[0]!.function.strict === true && request.tool_choice !== undefined)).toBe(true);
    expect(viaTool.memorized.usage.profiles.default!.modes).toEqual({ tool: viaTool.memorized.usage.modelCalls });
    expect(viaTool.memorized.usage.outputTokens).toBeGreaterThan(0);
  });

  it("AI SDK model: Output.object with the strict schema, sent as json_schema", async () => {
    const endpoint = await fake();
    const provider = createOpenAI({ baseURL: endpoint.baseURL, apiKey: "k" });
    const { memorized } = await memorizeAndRecall(await withChat(aiSdkLanguageModel(provider.chat("fake-chat"))));
    expect(formats(endpoint.requests).every((format) => format.endsWith(":json_schema:strict"))).toBe(true);
    expect(endpoint.requests[0]!.response_format!.json_schema!.name).toBe("memories");
    expect(memorized.usage.profiles.default!.modes).toEqual({ json_schema: memorized.usage.modelCalls });
  });

  it("AI SDK model on an endpoint without json_schema falls back to JSON mode", async () => {
    const endpoint = await fake({ chat: scriptedMemoryModel(), structuredOutputs: false });
    const provider = createOpenAI({ baseURL: endpoint.baseURL, apiKey: "k" });
    const { memorized } = await memorizeAndRecall(await withChat(aiSdkLanguageModel(provider.chat("fake-chat"))));
    expect(endpoint.requests.filter((request) => request.response_format?.type === "json_schema")).toHaveLength(1);
    expect(memorized.usage.profiles.default!.modes).toEqual({ json_object: memorized.usage.modelCalls });
  });
});

describe("the CLI's memorize and retrieve --method llm per structured output mode", () => {
  async function cli(args: string[], cwd: string, env: Record<string, string>) {
    let stdout = "";
    let stderr = "";
    const io: CliIo = { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), interactive: false, env, cwd };
    const code = await run(args, io);
    return { code, stdout, stderr };
  }

  async function session(env: (endpoint: FakeOpenAI) => Record<string, string>, config?: (endpoint: FakeOpenAI) => unknown) {
    const endpoint = await fake();
    const dir = await mkdtemp(path.join(tmpdir(), "memograph-structured-"));
    await writeFile(path.join(dir, "chat.json"), JSON.stringify(CONVERSATION));
    if (config !== undefined) await writeFile(path.join(dir, "memograph.config.json"), JSON.stringify(config(endpoint)));
    const memorized = await cli(["memorize", "chat.json", "--user", "priya", "--json"], dir, env(endpoint));
    expect([memorized.code, memorized.stderr]).toEqual([EXIT.ok, ""]);
    const retrieved = await cli(["retrieve", QUERY, "--method", "llm", "--user", "priya", "--json"], dir, env(endpoint));
    expect([retrieved.code, retrieved.stderr]).toEqual([EXIT.ok, ""]);
    const found = JSON.parse(retrieved.stdout) as { items: { summary: string }[]; usage: { profiles: Record<string, { modes?: Record<string, number> }> } };
    expect(found.items[0]!.summary).toContain("Biscuit");
    return { endpoint, found };
  }

  it("json_schema by default", async () => {
    const { endpoint, found } = await session((endpoint) => ({ OPENAI_API_KEY: "k", OPENAI_BASE_URL: endpoint.baseURL, MEMOGRAPH_CHAT_MODEL: "fake-chat" }));
    expect(new Set(endpoint.requests.map((request) => request.response_format?.type))).toEqual(new Set(["json_schema"]));
    expect(found.usage.profiles.default!.modes).toEqual({ json_schema: 2 });
  });

  it("json_object from MEMOGRAPH_STRUCTURED_OUTPUT", async () => {
    const { endpoint } = await session((endpoint) => ({ OPENAI_API_KEY: "k", OPENAI_BASE_URL: endpoint.baseURL, MEMOGRAPH_CHAT_MODEL: "fake-chat", MEMOGRAPH_STRUCTURED_OUTPUT: "json_object" }));
    expect(new Set(endpoint.requests.map((request) => request.response_format?.type))).toEqual(new Set(["json_object"]));
  });

  it("json_object from a profile in memograph.config.json", async () => {
    const { endpoint } = await session(
      () => ({}),
      (endpoint) => ({ provider: "openai", profiles: { default: { apiKey: "k", baseURL: endpoint.baseURL, chatModel: "fake-chat", structuredOutput: "json_object" } } }),
    );
    expect(new Set(endpoint.requests.map((request) => request.response_format?.type))).toEqual(new Set(["json_object"]));
  });

  it("names the field when the mode is not one it knows", async () => {
    const endpoint = await fake();
    const dir = await mkdtemp(path.join(tmpdir(), "memograph-structured-"));
    await writeFile(path.join(dir, "chat.json"), JSON.stringify(CONVERSATION));
    const result = await cli(["memorize", "chat.json", "--json"], dir, { OPENAI_API_KEY: "k", OPENAI_BASE_URL: endpoint.baseURL, MEMOGRAPH_STRUCTURED_OUTPUT: "xml" });
    expect(result.code).toBe(EXIT.badInput);
    expect(result.stdout + result.stderr).toMatch(/structuredOutput/);
  });
});
