import { randomUUID } from "node:crypto";
import { HashingEmbedder, createMemory, type Item } from "@memograph/core";
import { Neo4jStore } from "@memograph/neo4j";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { neo4jEnv } from "./require-neo4j.js";

const cosine = (a: readonly number[], b: readonly number[]) => a.reduce((sum, value, index) => sum + value * b[index]!, 0);

describe("Neo4j scope isolation with a noisy neighbour holding 100× more items", () => {
  const embedder = new HashingEmbedder();
  const quiet = { userId: `quiet-${randomUUID()}` };
  const noisy = { userId: `noisy-${randomUUID()}` };
  const store = new Neo4jStore(neo4jEnv());
  const read = { conditions: [{ key: "userId", values: [quiet.userId] }] };
  let mine: Item[] = [];

  beforeAll(async () => {
    await store.init({ id: embedder.id, dimensions: embedder.dimensions });
    const topics = ["harbour", "lighthouse", "ferry", "tide", "anchor"];
    // 20 items for the quiet user, 2,000 near-identical ones for the neighbour, written in large batches.
    const make = async (scope: { userId: string }, count: number) => {
      const now = new Date().toISOString();
      const records = Array.from({ length: count }, (_, index): Item => ({
        id: `itm_${randomUUID().replace(/-/g, "")}`, type: "knowledge", summary: `Boat log ${index}: sailed past the ${topics[index % 5]} at dawn with the crew`,
        happenedAt: null, contentHash: randomUUID(), reinforcementCount: 1, lastReinforcedAt: null, status: "active", scope, sources: [],
        categories: [], metadata: {}, createdAt: now, updatedAt: now,
      }));
      const vectors = await embedder.embed(records.map((record) => record.summary));
      for (let start = 0; start < records.length; start += 500) {
        await store.write(scope, { upsertItems: records.slice(start, start + 500).map((record, offset) => ({ record, embedding: vectors[start + offset]! })) });
      }
      return records;
    };
    mine = await make(quiet, 20);
    await make(noisy, 2000);
  }, 180_000);
  afterAll(async () => {
    const memory = await createMemory({ store });
    await memory.forget({ scope: quiet });
    await memory.forget({ scope: noisy });
    await memory.close();
  });

  it("vector search returns only the caller's items, the same ones an exact scan of their items ranks first", async () => {
    const query = "sailed past the lighthouse at dawn";
    const [vector] = await embedder.embed([query]);
    const hits = await store.vectorSearch("item", read, vector!, 10);
    expect(hits).toHaveLength(10);
    const ids = new Set(mine.map((item) => item.id));
    for (const hit of hits) expect(ids.has(hit.id)).toBe(true);
    const vectors = await embedder.embed(mine.map((item) => item.summary));
    const exact = new Map(mine.map((item, index) => [item.id, cosine(vector!, vectors[index]!)]));
    const best = [...exact.values()].sort((a, b) => b - a).slice(0, 10);
    // Near-identical texts tie, so ids may differ among equals: the hits must carry the ten best scores.
    const got = hits.map((hit) => exact.get(hit.id)!).sort((a, b) => b - a);
    got.forEach((score, index) => expect(score).toBeCloseTo(best[index]!, 5));
  });

  it("full-text search returns only the caller's items, and all of the matching ones", async () => {
    const hits = await store.textSearch("item", read, "lighthouse", 50);
    const expected = mine.filter((item) => item.summary.includes("lighthouse")).map((item) => item.id).sort();
    expect(hits.map((hit) => hit.id).sort()).toEqual(expected);
  });
});
