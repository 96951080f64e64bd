import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { scriptedMemoryModel, startFakeOpenAI, type FakeOpenAI } from "@memograph/core/fake-openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT, type CliIo } from "./io.js";
import { run } from "./program.js";

let server: FakeOpenAI;
beforeAll(async () => {
  server = await startFakeOpenAI({ chat: scriptedMemoryModel() });
});
afterAll(() => server.close());

async function cli(args: string[], cwd: string, env: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const io: CliIo = { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), interactive: false, env, cwd };
  const code = await run(args, io);
  return { code, stdout, stderr };
}

async function workdir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "memograph-cli-config-"));
  await writeFile(path.join(dir, "notes.txt"), "Priya adopted a border collie called Biscuit last weekend.\n\nPriya works night shifts as a nurse in Leeds.");
  return dir;
}

const calls = (stdout: string) => (JSON.parse(stdout) as { usage: { modelCalls: number } }).usage.modelCalls;

describe("CLI model configuration", () => {
  it("uses the OpenAI-compatible endpoint when OPENAI_API_KEY is set, honouring OPENAI_BASE_URL", async () => {
    const dir = await workdir();
    const before = server.requests.length;
    const result = await cli(["memorize", "notes.txt", "--json"], dir, { OPENAI_API_KEY: "k", OPENAI_BASE_URL: server.baseURL, MEMOGRAPH_CHAT_MODEL: "fake-chat" });
    expect(result.code).toBe(EXIT.ok);
    expect(calls(result.stdout)).toBeGreaterThan(0);
    expect(server.requests.length - before).toBe(calls(result.stdout));
    expect(server.requests.at(-1)!.model).toBe("fake-chat");
  });

  it("--provider offline makes no model call even with a key set", async () => {
    const dir = await workdir();
    const before = server.requests.length;
    const result = await cli(["memorize", "notes.txt", "--provider", "offline", "--json"], dir, { OPENAI_API_KEY: "k", OPENAI_BASE_URL: server.baseURL });
    expect(result.code).toBe(EXIT.ok);
    expect(calls(result.stdout)).toBe(0);
    expect(server.requests.length).toBe(before);
  });

  it("reads profiles and steps from memograph.config.json", async () => {
    const dir = await workdir();
    await writeFile(path.join(dir, "memograph.config.json"), JSON.stringify({ provider: "openai", profiles: { default: { apiKey: "k", baseURL: server.baseURL, chatModel: "from-json" }, cheap: { apiKey: "k", baseURL: server.baseURL, chatModel: "cheap-json" } }, steps: { summarize: "cheap" } }));
    const result = await cli(["memorize", "notes.txt", "--json"], dir);
    expect(result.code).toBe(EXIT.ok);
    const models = new Set(server.requests.slice(-calls(result.stdout)).map((request) => request.model));
    expect(models).toEqual(new Set(["from-json", "cheap-json"]));
  });

  it("loads a TypeScript config with a ready-made profile", async () => {
    const dir = await workdir();
    await writeFile(
      path.join(dir, "memograph.config.ts"),
      `const model: { id: string; complete: () => Promise<{ text: string; usage: { inputTokens: number; outputTokens: number } }> } = {
  id: "ts-config-model",
  complete: async () => ({ text: JSON.stringify({ memories: [{ type: "profile", summary: "Configured in TypeScript.", happenedAt: null, sources: ["p1"], categories: ["knowledge"] }], newCategories: [] }), usage: { inputTokens: 1, outputTokens: 1 } }),
};
export default { provider: "openai", profiles: { default: { chat: model } }, steps: { summarize: "offline-list" } };
`,
    );
    const result = await cli(["memorize", "notes.txt", "--json"], dir);
    expect(result.code).toBe(EXIT.ok);
    expect(JSON.parse(result.stdout).items.map((item: { summary: string }) => item.summary)).toEqual(["Configured in TypeScript."]);
  });

  it("reports a bad config with the field named and exit code 2", async () => {
    const dir = await workdir();
    await writeFile(path.join(dir, "memograph.config.json"), JSON.stringify({ provider: "openai", profiles: { default: { chatModel: "x", embeddingModel: "e" } } }));
    const result = await cli(["memorize", "notes.txt", "--json"], dir, { OPENAI_API_KEY: "k" });
    expect(result.code).toBe(EXIT.badInput);
    expect(JSON.parse(result.stderr).error).toMatchObject({ code: "VALIDATION", message: expect.stringMatching(/dimensions/) });
  });
});
