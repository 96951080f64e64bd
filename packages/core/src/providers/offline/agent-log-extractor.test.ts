import { describe, expect, it } from "vitest";
import { ResourceUnreadableError } from "../../errors/index.js";
import { parseConversationJson } from "../../formats/conversation.js";
import { createMemory } from "../../service/memory-service.js";
import { AGENT_LOG_CATEGORIES, AgentLogExtractor, agentLogLessonKey, agentLogMessages } from "./agent-log-extractor.js";

const log = [
  { id: "a1", type: "action", message: "Deploy checkout" },
  { id: "a2", type: "tool_call", tool: "deploy", args: { env: "staging", timeout: 30 } },
  { id: "a3", type: "error", tool: "deploy", error: "HealthCheckTimeout", message: "timed out after 30s" },
  { id: "a4", type: "tool_call", tool: "notify", args: { channel: "ops" } },
  { id: "a5", type: "tool_result", tool: "notify" },
  { id: "a6", type: "tool_call", tool: "deploy", args: { env: "staging", timeout: 120 } },
  { id: "a7", ts: "2026-03-02T09:04:40Z", type: "tool_result", tool: "deploy", message: "healthy" },
  { id: "a8", type: "tool_call", tool: "cleanup", args: {} },
  { id: "a9", type: "error", tool: "cleanup", error: "Forbidden" },
  { id: "a10", type: "outcome", status: "success", message: "live on staging" },
]
  .map((event) => JSON.stringify(event))
  .join("\n");

const extract = (jsonl: string, memoryTypes = ["skill", "tool", "event"]) =>
  new AgentLogExtractor().extract(
    { uri: "run.jsonl", modality: "conversation", content: { kind: "conversation", conversation: parseConversationJson(agentLogMessages(jsonl, "run.jsonl"), "run.jsonl") } },
    { memoryTypes, categories: [] },
  );

describe("AgentLogExtractor", () => {
  it("turns a failed call and the call of the same tool that worked into a lesson citing all four lines", async () => {
    const { memories } = await extract(log);
    expect(memories.filter((memory) => memory.type === "skill")).toEqual([
      {
        type: "skill",
        summary: "When `deploy` fails with HealthCheckTimeout (timed out after 30s), retry with timeout=120.",
        happenedAt: "2026-03-02T09:04:40Z",
        span: { kind: "messages", messageIds: ["a2", "a3", "a6", "a7"] },
        categories: ["agent_lessons"],
      },
    ]);
  });

  it("keeps the last working call of each tool, and no lesson for an error nothing recovered from", async () => {
    const { memories } = await extract(log);
    expect(memories.filter((memory) => memory.type === "tool").map((memory) => [memory.summary, memory.span])).toEqual([
      ["Tool `notify` works with channel=ops.", { kind: "messages", messageIds: ["a4", "a5"] }],
      ["Tool `deploy` works with env=staging, timeout=120.", { kind: "messages", messageIds: ["a6", "a7"] }],
    ]);
    expect(memories.some((memory) => memory.summary.includes("cleanup"))).toBe(false);
  });

  it("records the outcome against the run's first action, and proposes only the categories it used", async () => {
    const result = await extract(log, ["event"]);
    expect(result.memories.map((memory) => memory.summary)).toEqual(['Run succeeded at "Deploy checkout": live on staging.']);
    expect(result.newCategories).toEqual(AGENT_LOG_CATEGORIES.filter((category) => category.name === "agent_runs"));
  });

  it("keys lessons by tool and error, tool memories by tool", () => {
    expect(agentLogLessonKey("When `deploy` fails with HealthCheckTimeout (x), retry with warmup=true.")).toBe("lesson:deploy/HealthCheckTimeout");
    expect(agentLogLessonKey("Tool `deploy` works with env=prod.")).toBe("tool:deploy");
    expect(agentLogLessonKey("The user likes tea.")).toBeNull();
  });

  it("refuses a log line that is not JSON or not an event, naming the line", () => {
    expect(() => agentLogMessages('{"id":"x","type":"action"}\n{oops', "bad.jsonl")).toThrow(ResourceUnreadableError);
    expect(() => agentLogMessages('{"id":"x","type":"action"}\n{oops', "bad.jsonl")).toThrow(/bad\.jsonl:2 is not JSON/);
    expect(() => agentLogMessages('\n{"id":"x","type":"launch"}', "bad.jsonl")).toThrow(/bad\.jsonl:2: type:/);
    expect(() => agentLogMessages(" \n", "empty.jsonl")).toThrow(/empty/);
  });

  it("memorizes a log through the service: items cite log line ids that trace back to the lines", async () => {
    const memory = await createMemory({ extractor: new AgentLogExtractor(), memoryTypes: ["skill", "tool", "event"], categories: AGENT_LOG_CATEGORIES });
    try {
      const scope = { userId: "agent" };
      const result = await memory.memorize({ content: agentLogMessages(log, "run.jsonl"), uri: "run.jsonl", modality: "conversation", scope });
      const lesson = result.items.find((item) => item.type === "skill")!;
      const { sources } = await memory.trace({ scope, id: lesson.id });
      expect(sources.map((source) => source.span)).toEqual([{ kind: "messages", messageIds: ["a2", "a3", "a6", "a7"] }]);
      expect(sources[0]!.excerpt).toContain('"error":"HealthCheckTimeout"');
      expect(result.categories.map((category) => category.name).sort()).toEqual(["agent_lessons", "agent_runs", "agent_tools"]);
    } finally {
      await memory.close();
    }
  });
});
