import { randomUUID } from "node:crypto";
import { createMemory } from "@memograph/core";
import { Neo4jStore } from "@memograph/neo4j";
import { describe, expect, it } from "vitest";
import { neo4jEnv } from "./require-neo4j.js";

const doc = (index: number) => `Note ${index}: I repaired bicycle number ${index} at the workshop. I ordered ${index} spare chains for the shop.`;

describe("Neo4j store under concurrent memorize", () => {
  it("50 concurrent memorize calls of distinct and identical resources lose nothing and duplicate nothing", async () => {
    const memory = await createMemory({ store: new Neo4jStore(neo4jEnv()) });
    const scope = { userId: `conc-${randomUUID()}` };
    // 30 distinct documents, and 4 documents sent 5 times each: 50 calls in flight at once.
    const inputs = [...Array.from({ length: 30 }, (_, index) => doc(index)), ...Array.from({ length: 20 }, (_, index) => doc(1000 + (index % 4)))];
    const results = await Promise.all(inputs.map((content) => memory.memorize({ content, modality: "document", scope })));

    const resources = (await memory.listResources({ scope, limit: 500 })).records;
    expect(resources).toHaveLength(34);
    for (const copy of [1000, 1001, 1002, 1003]) {
      const same = results.filter((result) => result.resource.text === doc(copy));
      expect(new Set(same.map((result) => result.resource.id)).size).toBe(1);
      expect(same.filter((result) => result.created)).toHaveLength(1);
    }
    // Every resource has its two items, each exactly once; no item exists twice.
    const items = (await memory.listItems({ scope, limit: 500 })).records;
    expect(items).toHaveLength(34 * 2);
    expect(new Set(items.map((item) => item.contentHash)).size).toBe(items.length);
    for (const resource of resources) expect(await memory.store.itemsFromResource({ conditions: [{ key: "userId", values: [scope.userId] }] }, resource.id)).toHaveLength(2);
    await memory.close();
  });
});
