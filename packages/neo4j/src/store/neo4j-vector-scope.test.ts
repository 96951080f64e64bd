import { randomUUID } from "node:crypto";
import { HashingEmbedder, type Item, type Scope } from "@memograph/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Neo4jStore } from "./neo4j-store.js";

if (!process.env.NEO4J_URI) throw new Error("NEO4J_URI is not set: run the tests through `pnpm test`, or start Neo4j with `pnpm neo4j:start`");

const cosine = (a: readonly number[], b: readonly number[]) => a.reduce((sum, value, index) => sum + value * b[index]!, 0);

// Users inside one tenant (the partition): the vector index's neighbourhood is the busy user's, so a quiet user's
// search falls back to an exact scan of its own scope, found by the scope's full-text tokens rather than the tenant.
describe("Neo4j vector search for a scope narrower than its partition", () => {
  const embedder = new HashingEmbedder();
  const store = new Neo4jStore();
  const tenant = `tenant-${randomUUID()}`;
  const quiet = { userId: tenant, agentId: "quiet" };
  const other = { userId: tenant, agentId: "other" };
  const busy = { userId: tenant, agentId: "busy" };
  const written = new Map<string, { item: Item; vector: number[] }>();

  beforeAll(async () => {
    await store.init({ id: embedder.id, dimensions: embedder.dimensions });
    const topics = ["harbour", "lighthouse", "ferry", "tide", "anchor"];
    const make = async (scope: Scope, count: number) => {
      const now = new Date().toISOString();
      const records = Array.from({ length: count }, (_, index): Item => ({
        id: `itm_${randomUUID().replace(/-/g, "")}`, type: "knowledge", summary: `Boat log ${index} of ${scope.agentId}: sailed past the ${topics[index % 5]} at dawn`,
        happenedAt: null, contentHash: randomUUID(), reinforcementCount: 1, lastReinforcedAt: null, status: "active", scope, sources: [],
        categories: [], metadata: {}, createdAt: now, updatedAt: now,
      }));
      const vectors = await embedder.embed(records.map((record) => record.summary));
      records.forEach((item, index) => written.set(item.id, { item, vector: vectors[index]! }));
      for (let start = 0; start < records.length; start += 1000) {
        await store.write(scope, { upsertItems: records.slice(start, start + 1000).map((record, offset) => ({ record, embedding: vectors[start + offset]! })) });
      }
    };
    await make(quiet, 20);
    await make(other, 15);
    await make(busy, 2000);
  }, 180_000);
  afterAll(async () => {
    await store.forget({ conditions: [{ key: "userId", values: [tenant] }] });
    await store.close();
  });

  const exactBest = (vector: readonly number[], agents: readonly string[], k: number) =>
    [...written.values()].filter(({ item }) => agents.includes(item.scope.agentId!)).map(({ vector: own }) => cosine(vector, own)).sort((a, b) => b - a).slice(0, k);

  it.each([[["quiet"]], [["quiet", "other"]]])("returns the best of agents %j only, the scores an exact scan of their items gives", async (agents) => {
    const [vector] = await embedder.embed(["sailed past the lighthouse at dawn"]);
    const hits = await store.vectorSearch("item", { conditions: [{ key: "userId", values: [tenant] }, { key: "agentId", values: agents }] }, vector!, 10);
    expect(hits).toHaveLength(10);
    for (const hit of hits) expect(agents).toContain(written.get(hit.id)?.item.scope.agentId);
    // Near-identical texts tie, so ids may differ among equals: the hits must carry the ten best scores (Neo4j's
    // cosine score is (1 + cosine) / 2).
    const best = exactBest(vector!, agents, 10);
    hits.forEach((hit, index) => expect(hit.score).toBeCloseTo((1 + best[index]!) / 2, 5));
  });

  it("returns every item of a scope smaller than k, and none for an agent without items", async () => {
    const [vector] = await embedder.embed(["the ferry"]);
    const hits = await store.vectorSearch("item", { conditions: [{ key: "userId", values: [tenant] }, { key: "agentId", values: ["other"] }] }, vector!, 50);
    expect(hits.map((hit) => hit.id).sort()).toEqual([...written.values()].filter(({ item }) => item.scope.agentId === "other").map(({ item }) => item.id).sort());
    expect(await store.vectorSearch("item", { conditions: [{ key: "userId", values: [tenant] }, { key: "agentId", values: ["nobody"] }] }, vector!, 10)).toEqual([]);
  });
});
