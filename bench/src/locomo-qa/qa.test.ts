import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createOpenAI } from "@ai-sdk/openai";
import { SafeResourceLoader, createMemory } from "@memograph/core";
import { startFakeOpenAI, type ChatRequest, type Reply } from "@memograph/core/testing";
import { describe, expect, it } from "vitest";
import { TINY_DIALOGUE } from "../locomo/tiny-conversation.js";
import { loadLocomo } from "../locomo/dataset.js";
import { goldText, parseLabel, runQa } from "./qa.js";

const tiny = {
  ...TINY_DIALOGUE,
  qa: [
    { question: "What is the name of Ana's kitten?", answer: "Pixel", evidence: ["D1:1"], category: 4 },
    { question: "Which instrument is Bo learning?", answer: "cello", evidence: ["D1:2"], category: 4 },
    { question: "When did Ana adopt the kitten?", answer: "1 March 2024", evidence: ["D1:1"], category: 2 },
    { question: "Unanswerable?", adversarial_answer: "x", evidence: ["D1:1"], category: 5 },
  ],
};

/** Answers from the memories it is shown (a little), and judges by containment of the gold answer. */
function fakeModels(request: ChatRequest): Reply {
  const system = String(request.messages[0]?.content);
  const prompt = String(request.messages.at(-1)?.content);
  if (system.includes("grade")) {
    const gold = /Gold answer: (.*)/.exec(prompt)![1]!.toLowerCase();
    const generated = /Generated answer: (.*)/.exec(prompt)![1]!.toLowerCase();
    return { text: JSON.stringify({ label: generated.includes(gold) ? "CORRECT" : "WRONG" }) };
  }
  if (prompt.includes("kitten?")) return { text: /named (\w+)/.exec(prompt)?.[1] ?? "unknown" };
  if (prompt.includes("instrument")) return { text: prompt.includes("cello") ? "the cello" : "unknown" };
  return { text: "unknown" };
}

async function tinyDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "locomo-qa-"));
  await writeFile(path.join(dir, "tiny.json"), JSON.stringify(tiny));
  return dir;
}

describe("LoCoMo QA harness (answer and judge), against a local OpenAI-compatible server", () => {
  it("scores J overall and per category, counts tokens, and leaves category 5 out", async () => {
    const server = await startFakeOpenAI(fakeModels);
    try {
      const dir = await tinyDir();
      const conversations = await loadLocomo(dir);
      const memory = await createMemory({ loader: new SafeResourceLoader({ roots: [dir] }) });
      await memory.memorize({ resourceUrl: conversations[0]!.file, scope: { userId: "tiny" } });
      const model = createOpenAI({ apiKey: "test", baseURL: server.baseURL }).chat("fake");
      const result = await runQa(memory, conversations, { answerModel: model, judgeModel: model, topK: 5, scopeOf: () => ({ userId: "tiny" }) });
      // Q1 and Q2 answered right, Q3 ("unknown") wrong: J = 2/3; category 4: 2/2; category 2: 0/1.
      expect(result.n).toBe(3);
      expect(result.j).toBeCloseTo(2 / 3, 10);
      expect(result.perCategory).toEqual({ "2": { n: 1, j: 0 }, "4": { n: 2, j: 1 } });
      // Tokens are what the server billed: the judge prompts are the ones that ask to grade.
      const billed = (judge: boolean) =>
        server.requests.reduce(
          (sum, request, index) => (String(request.messages[0]?.content).includes("grade") === judge ? { input: sum.input + server.billed.get(index)!.input, output: sum.output + server.billed.get(index)!.output } : sum),
          { input: 0, output: 0 },
        );
      expect(result.tokens).toEqual({ answer: billed(false), judge: billed(true) });
      expect(result.tokens.answer.input).toBeGreaterThan(0);
      expect(server.requests).toHaveLength(6);
      expect(String(server.requests[0]!.messages.at(-1)!.content)).toContain("- Ana adopted a kitten named Pixel yesterday (1 March 2024). (2024-03-01)");
    } finally {
      await server.close();
    }
  });

  it("runs as a command with the endpoint from the environment", async () => {
    const server = await startFakeOpenAI(fakeModels);
    try {
      const main = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../dist/locomo-qa/main.js");
      const { stdout } = await promisify(execFile)(process.execPath, [main, "--data", await tinyDir(), "--limit", "2", "--json"], {
        env: { ...process.env, OPENAI_API_KEY: "test", OPENAI_BASE_URL: server.baseURL, QA_MODEL: "fake-answer", JUDGE_MODEL: "fake-judge" },
      });
      const report = JSON.parse(stdout);
      expect(report).toMatchObject({ n: 2, j: 1, models: { answer: "fake-answer", judge: "fake-judge" } });
      expect(server.requests.map((request) => request.model)).toEqual(["fake-answer", "fake-judge", "fake-answer", "fake-judge"]);
    } finally {
      await server.close();
    }
  });

  it("reads labels strictly and renders gold answers", () => {
    expect(parseLabel('{"label": "CORRECT"}')).toBe(true);
    expect(parseLabel("The answer is WRONG.")).toBe(false);
    expect(parseLabel("I am not sure")).toBe(false);
    expect(goldText(["a", "b"])).toBe("a, b");
    expect(goldText(2022)).toBe("2022");
  });
});
