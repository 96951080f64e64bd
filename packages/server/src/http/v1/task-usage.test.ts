import { createMemory } from "@memograph/core";
import { scriptedLanguageModel } from "@memograph/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../../test-support/harness.js";

describe("GET /v1/stats usage", () => {
  let harness: Harness;
  beforeAll(async () => {
    // A deterministic model that reports tokens, so the memorize tasks record real usage.
    const memory = await createMemory({ profiles: { default: { chat: scriptedLanguageModel() } } });
    harness = await startHarness({ memory });
  });
  afterAll(async () => {
    await harness?.close();
    await harness?.memory.close();
  });

  const memorize = async (key: string, content: string, agentId?: string) => {
    const response = await harness.call("POST", "/v1/memorize", { key, body: { content, modality: "document", async: true, ...(agentId ? { agentId } : {}) } });
    expect(response.status).toBe(202);
    return response.body.task.id as string;
  };

  it("sums the model calls and tokens each succeeded memorize task recorded, by profile, for the scope asked about only", async () => {
    const h = harness;
    const ids = [
      await memorize(h.keys.alice, "I moved to Porto in 2021 and I teach mathematics at a secondary school there.", "tutor"),
      await memorize(h.keys.alice, "My sister Ines runs a bakery that opens at six every morning in the old town."),
      await memorize(h.keys.bob, "I restore vintage motorcycles in a garage behind my house on weekends."),
    ];
    await h.settle();
    const results = await Promise.all(ids.map(async (id) => (await h.call("GET", `/v1/tasks/${id}`, { key: h.keys.admin })).body));
    expect(results.map((task) => task.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
    const [tutor, plain] = results.map((task) => task.result.usage);
    expect(tutor.modelCalls).toBeGreaterThan(0);

    const stats = await h.call("GET", "/v1/stats", { key: h.keys.alice });
    expect(stats.status).toBe(200);
    expect(stats.body.usage).toEqual({
      source: "memorize tasks",
      tasks: 2,
      truncated: false,
      modelCalls: tutor.modelCalls + plain.modelCalls,
      inputTokens: tutor.inputTokens + plain.inputTokens,
      outputTokens: tutor.outputTokens + plain.outputTokens,
      byProfile: { default: { calls: tutor.profiles.default.calls + plain.profiles.default.calls, inputTokens: tutor.profiles.default.inputTokens + plain.profiles.default.inputTokens, outputTokens: tutor.profiles.default.outputTokens + plain.profiles.default.outputTokens } },
    });
    // A narrower scope sums only its own tasks; another user's tasks never count.
    const agent = await h.call("GET", "/v1/stats?agentId=tutor", { key: h.keys.alice });
    expect(agent.body.usage).toMatchObject({ tasks: 1, modelCalls: tutor.modelCalls, inputTokens: tutor.inputTokens });
    const bob = await h.call("GET", `/v1/stats?userId=${h.users.bob}`, { key: h.keys.admin });
    expect(bob.body.usage.tasks).toBe(1);
    expect(bob.body.usage.modelCalls).toBe(results[2].result.usage.modelCalls);
  });
});
