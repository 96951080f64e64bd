import { salienceScenario, type SalienceScenario } from "@memograph/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../../test-support/harness.js";

let scenario: SalienceScenario;
let harness: Harness;

beforeAll(async () => {
  scenario = await salienceScenario();
  harness = await startHarness({ memory: scenario.memory });
});
afterAll(async () => {
  await harness.close();
  await scenario.memory.close();
});

const retrieve = (body: Record<string, unknown>) => harness.call("POST", "/v1/retrieve", { key: harness.keys.admin, body: { userId: scenario.scope.userId, query: scenario.query, topK: 3, ...body } });
const first = async (body: Record<string, unknown>) => (await retrieve(body)).body.items[0]?.id;

describe("POST /v1/retrieve ranking", () => {
  it("orders by relevance by default and by salience when asked, counting accesses as core retrieve does", async () => {
    const before = await scenario.accessCount(scenario.fresh.id);
    expect(await first({})).toBe(scenario.stale.id);
    expect(await first({ ranking: "relevance" })).toBe(scenario.stale.id);
    expect(await first({ ranking: "salience" })).toBe(scenario.fresh.id);
    expect(await first({ ranking: "salience", halfLifeDays: 36_500 })).toBe(scenario.stale.id);
    expect(await scenario.accessCount(scenario.fresh.id)).toBe(before + 4);
  });

  it("refuses an unknown ranking and a half-life of zero with a 400 naming the field, and documents both in OpenAPI", async () => {
    const unknown = await retrieve({ ranking: "fame" });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain("ranking");
    const zero = await retrieve({ ranking: "salience", halfLifeDays: 0 });
    expect(zero.status).toBe(400);
    expect(JSON.stringify(zero.body)).toContain("halfLifeDays");
    const spec = (await harness.call("GET", "/openapi.json")).body;
    const properties = spec.components.schemas.RetrieveRequest.properties;
    expect(properties.ranking.enum).toEqual(["relevance", "salience"]);
    expect(properties.halfLifeDays.type).toBe("number");
  });
});
