import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { startFakeOpenAI } from "@memograph/core/testing";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const run = promisify(execFile);

describe("examples run offline", () => {
  it("quickstart memorizes, retrieves with provenance and traces", async () => {
    const { stdout } = await run("pnpm", ["--filter", "@memograph/example-quickstart", "start"], { cwd: root });
    expect(stdout).toMatch(/Memorized \d+ memories in \d+ categories \(0 model calls\)/);
    expect(stdout).toContain("Priya migrated Priya's team's pipelines to Apache Flink last week (the week before 14 March 2025).\n");
    expect(stdout).toContain("Priya is vegetarian.\n");
    expect(stdout).toContain("Priya can't stand coriander.\n");
    expect(stdout).not.toContain("Nice to meet you");
    expect(stdout).toContain("[m3] User: I migrated our pipelines to Apache Flink last week.");
  });

  it("ai-sdk remembers through a tool, recalls in a new call, and the middleware injects and memorizes", async () => {
    const { stdout } = await run("pnpm", ["--filter", "@memograph/example-ai-sdk", "start"], { cwd: root, env: { ...process.env, OPENAI_API_KEY: "" } });
    expect(stdout).toMatch(/> I am vegetarian and allergic to hazelnuts\.\n {2}tools: remember/);
    expect(stdout).toMatch(/> What am I allergic to\?\n {2}tools: recall\n {2}\(tool said: \{"items":\[\{"id":"itm_\w+","type":"profile","summary":"The user is vegetarian and allergic to hazelnuts\."/);
    expect(stdout).toContain("Going by what I remember:\n- The user is vegetarian and allergic to hazelnuts.");
    expect(stdout).toMatch(/Stored for sam: .*Plan a vegetarian dinner for tonight/);
  });

  const start = async (name: string) => (await run("pnpm", ["--filter", `@memograph/example-${name}`, "start"], { cwd: root })).stdout;

  it("langgraph-agent learns in thread 1 and recalls in thread 2, with the graph store in memograph", async () => {
    const stdout = await start("langgraph-agent");
    expect(stdout).toMatch(/\[thread-2\] > Which marathon am I training for\?\nFrom memory:\n(- .*\n)*- User is training for the Berlin marathon in September/);
    expect(stdout).toContain('store: stats/turns = {"count":2}');
  });

  it("langchain-agent injects memories of thread a into the system prompt of thread b", async () => {
    const stdout = await start("langchain-agent");
    expect(stdout).toMatch(/You are a cooking assistant\.\n\n<memories>\n[^]*- User is lactose intolerant, so no dairy please\.\n<\/memories>/);
  });

  it("lcel-retriever runs retriever → prompt → model with provenance", async () => {
    const stdout = await start("lcel-retriever");
    expect(stdout).toMatch(/- User started a new job at a bakery in Utrecht last week \(the week before 10 June 2025\)\. \(source res_\w+, \{"kind":"messages","messageIds":\["m1"\]\}\)/);
  });

  it("ai-sdk talks to an OpenAI-compatible server over HTTP when OPENAI_API_KEY is set", async () => {
    const server = await startFakeOpenAI((request) => {
      const last = request.messages.at(-1)!;
      if (!request.tools?.length) return { text: `memories seen: ${request.messages.filter((message) => message.role === "system").map((message) => message.content).join(" | ")}` };
      if (last.role === "tool") return { text: "Done." };
      const question = String(last.content);
      return question.endsWith("?") ? { toolCall: { name: "recall", arguments: { query: question } } } : { toolCall: { name: "remember", arguments: { text: "Sam is vegetarian and allergic to hazelnuts", type: "profile" } } };
    });
    try {
      const { stdout } = await run("pnpm", ["--filter", "@memograph/example-ai-sdk", "start"], { cwd: root, env: { ...process.env, OPENAI_API_KEY: "test-key", OPENAI_BASE_URL: server.baseURL, OPENAI_MODEL: "fake-model" } });
      expect(stdout).toMatch(/tools: remember\n {2}Done\./);
      expect(stdout).toMatch(/tools: recall\n {2}Done\./);
      expect(stdout).toMatch(/memories seen: .*<memories>[^]*Sam is vegetarian and allergic to hazelnuts/);
      expect(server.requests[0]!.model).toBe("fake-model");
      expect(server.requests[0]!.tools!.map((tool) => tool.function.name).sort()).toEqual(["forget", "listCategories", "recall", "remember", "trace"]);
      // The recall request carried the remembered memory back to the model as the tool result.
      expect(JSON.stringify(server.requests[3]!.messages)).toContain("Sam is vegetarian and allergic to hazelnuts");
    } finally {
      await server.close();
    }
  });

  describe("skill-extraction writes the evolving guide from three agent logs", () => {
    const guides = (stdout: string) => Object.fromEntries([...stdout.matchAll(/==> (\S+) <==\n([^]*?)(?=\n\S+\.jsonl: |\nguides written)/g)].map((match) => [match[1]!, match[2]!]));
    const section = (guide: string, title: string) => /## (\w+)\n\n([^]*?)(?=\n## |$)/g.exec(guide.slice(guide.indexOf(`## ${title}`)))?.[2] ?? "";
    const timeoutLesson = /When `deploy` fails with HealthCheckTimeout \(health check timed out after 30s\), retry with timeout=120\. \[(itm_\w+)\] \(log_1\.jsonl r1-04 r1-05 r1-06 r1-07\)/;
    const warmupLesson = /When `deploy` fails with HealthCheckTimeout \(health check timed out after 120s: cold caches\), retry with warmup=true\. \[(itm_\w+)\] \(log_3\.jsonl r3-02 r3-03 r3-04 r3-05\)/;

    const checkGuides = (stdout: string) => {
      const { "log_1.md": first, "log_2.md": second, "skill.md": final } = guides(stdout);
      // log_1: the first lesson, citing its memory and the four log lines it comes from.
      expect(section(first!, "Lessons")).toMatch(timeoutLesson);
      // log_2: a new lesson from the second log; the deploy tool memory seen again is reinforced, not repeated.
      expect(section(second!, "Lessons")).toMatch(/When `migrate_db` fails with LockTimeout \(table orders is locked by a long-running report\), retry with lock_timeout=5s, batch_size=500\. \[itm_\w+\] \(log_2\.jsonl r2-02 r2-03 r2-04 r2-05\)/);
      expect(section(second!, "Tools")).toMatch(/Tool `deploy` works with service=checkout, env=staging, timeout=120\. \[itm_\w+\] \(log_1\.jsonl r1-06 r1-07; log_2\.jsonl r2-06 r2-07\) \(seen 2 times\)/);
      // skill.md: the third log contradicts the timeout advice; the warm-up lesson replaces it, one lesson per failure.
      const lessons = section(final!, "Lessons");
      expect(lessons).toMatch(warmupLesson);
      expect(lessons).not.toContain("retry with timeout=120");
      expect(lessons.match(/fails with HealthCheckTimeout/g)).toHaveLength(1);
      const oldId = timeoutLesson.exec(first!)![1]!;
      const newId = warmupLesson.exec(final!)![1]!;
      expect(section(final!, "Superseded")).toContain(`~~When \`deploy\` fails with HealthCheckTimeout (health check timed out after 30s), retry with timeout=120.~~ [${oldId}] (log_1.jsonl r1-04 r1-05 r1-06 r1-07), superseded by [${newId}]`);
      expect(section(final!, "Tools")).toContain("Tool `deploy` works with service=checkout, env=production, timeout=120, warmup=true.");
      expect(section(final!, "Tools")).not.toContain("env=staging, timeout=120.");
      expect(final).toContain("learned_from: log_1.jsonl, log_2.jsonl, log_3.jsonl");
    };

    it("offline: rule extraction from the log structure, contradictions superseded by lesson key", async () => {
      const stdout = await start("skill-extraction");
      expect(stdout).toContain("models: none");
      expect(stdout).toContain("log_3.jsonl: 3 memories; superseded by the reconcile model: 0, by lesson key: 2");
      checkGuides(stdout);
    });

    it("with a model (the local fake endpoint): the reconcile step supersedes the contradicted advice", async () => {
      const env = { ...process.env };
      delete env.OPENAI_API_KEY;
      const { stdout } = await run("pnpm", ["--filter", "@memograph/example-skill-extraction", "start:model"], { cwd: root, env });
      expect(stdout).toMatch(/models: local fake endpoint http:\/\/127\.0\.0\.1/);
      expect(stdout).toContain("log_3.jsonl: 3 memories; superseded by the reconcile model: 2, by lesson key: 0");
      checkGuides(stdout);
    });
  });

  describe("multimodal examples run offline against the local fake endpoint", () => {
    const modality = async (script: string) => {
      const env = { ...process.env };
      delete env.OPENAI_API_KEY;
      return (await run("pnpm", ["--filter", "@memograph/example-multimodal", script], { cwd: root, env })).stdout;
    };

    it("conversation: one extraction call for one session, cited summaries, llm retrieve stops after items", async () => {
      const stdout = await modality("conversation");
      expect(stdout).toContain("memorized 2 items in 1 categories");
      expect(stdout).toMatch(/extract: 1 calls/);
      expect(stdout).toMatch(/- User: I am learning Portuguese every morning before work\. \[itm_\w+\]/);
      expect(stdout).toMatch(/retrieve \(llm\): User: I am learning Portuguese[^\n]*\n {2}tiers categories → items, sufficient: true, 2 model calls/);
    });

    it("document: HTML without markup, items citing their characters", async () => {
      const stdout = await modality("document");
      expect(stdout).toContain('- Priya flew to Lisbon for a data conference in May.\n    {"kind":"chars","start":12,"end":62}: "Priya flew to Lisbon for a data conference in May."');
      expect(stdout).not.toContain("track()");
    });

    it("image: caption kept, items from the description", async () => {
      const stdout = await modality("image");
      expect(stdout).toContain("caption: A picture shared with the assistant");
      expect(stdout).toContain("shows a red square");
    });

    it("audio: items with the time range they were said in", async () => {
      const stdout = await modality("audio");
      expect(stdout).toContain("- I adopted a border collie called Biscuit last weekend. [2–4 s]");
      expect(stdout).toMatch(/retrieve \(llm\): I adopted a border collie called Biscuit/);
    });

    it("video: frames across the video and its speech, with time ranges", async () => {
      const stdout = await modality("video");
      expect(stdout.match(/- Seen: Frame \d of 3/g)).toHaveLength(3);
      expect(stdout).toContain("- Said: The tomatoes are finally ripe. [2–4 s]");
    });
  });
});
