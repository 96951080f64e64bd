import { randomUUID } from "node:crypto";
import { createMemory } from "@memograph/core";
import { describe, expect, it } from "vitest";
import { Neo4jStore } from "./neo4j-store.js";

if (!process.env.NEO4J_URI) throw new Error("NEO4J_URI is not set: run the tests through `pnpm test`, or start Neo4j with `pnpm neo4j:start`");

describe("Neo4jStore.forget", () => {
  it("erases a scope larger than one batch completely, batch by batch, and nothing of another scope", async () => {
    const memory = await createMemory({ store: new Neo4jStore({ forgetBatchSize: 3 }) });
    const gone = { userId: `forget-${randomUUID()}` };
    const kept = { userId: `keep-${randomUUID()}` };
    for (let index = 0; index < 10; index++) await memory.createItem({ scope: gone, type: "knowledge", summary: `Fact ${index} about lighthouses`, categories: ["knowledge"] });
    await memory.memorize({ content: "I repaint lighthouses. I collect old maps.", modality: "document", scope: gone });
    await memory.createItem({ scope: kept, type: "knowledge", summary: "Kept fact about lighthouses" });
    expect(await memory.forget({ scope: gone })).toEqual({ items: 12, resources: 1, categories: expect.any(Number) });
    expect((await memory.listItems({ scope: gone })).records).toEqual([]);
    expect(await memory.listCategories({ scope: gone })).toEqual([]);
    expect((await memory.listItems({ scope: kept })).records).toHaveLength(1);
    await memory.forget({ scope: kept });
    await memory.close();
  });
});
