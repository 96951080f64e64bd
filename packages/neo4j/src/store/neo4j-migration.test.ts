import { randomUUID } from "node:crypto";
import { createMemory } from "@memograph/core";
import neo4j from "neo4j-driver";
import { describe, expect, it } from "vitest";
import { SCHEMA_VERSION } from "../schema/migrations.js";
import { Neo4jStore } from "./neo4j-store.js";

if (!process.env.NEO4J_URI) throw new Error("NEO4J_URI is not set: run the tests through `pnpm test`, or start Neo4j with `pnpm neo4j:start`");

describe("Neo4j schema migrations 1 → 4", () => {
  it("gives nodes written by version 1 their scope tokens, categories their item counts and superseded items their SUPERSEDED_BY link", async () => {
    const scope = { userId: `v1-${randomUUID()}`, agentId: "coach" };
    const first = await createMemory({ store: new Neo4jStore() });
    const item = await first.createItem({ scope, type: "knowledge", summary: "Trains for the Berlin marathon every March", categories: ["activities"] });
    await first.memorize({ content: "I repaint lighthouses on weekends.", modality: "document", scope });
    const older = await first.createItem({ scope, type: "profile", summary: "Lives in Hamburg", categories: ["personal_info"] });
    const newer = await first.createItem({ scope, type: "profile", summary: "Lives in Berlin", categories: ["personal_info"] });
    await first.close();

    // What version 1 wrote: the same nodes without `scopeTerms` or `itemCount`, and the schema marked as version 1.
    const driver = neo4j.driver(process.env.NEO4J_URI!, neo4j.auth.basic(process.env.NEO4J_USER ?? "neo4j", process.env.NEO4J_PASSWORD ?? ""), { disableLosslessIntegers: true });
    await driver.executeQuery("MATCH (n) WHERE n.scopeKey IS NOT NULL AND n.scope = $scope REMOVE n.scopeTerms, n.itemCount", { scope: JSON.stringify(scope) });
    // Before version 4 a superseded item named its successor only in its metadata.
    await driver.executeQuery("MATCH (n:Item {id: $id}) SET n.status = 'superseded', n.metadata = $metadata", { id: older.id, metadata: JSON.stringify({ note: "moved", supersededBy: newer.id }) });
    // Read as they are, without the migration, the scope-limited search cannot see them.
    const before = await createMemory({ store: new Neo4jStore() });
    expect((await before.retrieve({ query: "Berlin marathon", scope })).items).toEqual([]);
    await before.close();

    await driver.executeQuery("MATCH (m:MemographMeta {key: 'schema'}) SET m.version = 1");
    const migrated = await createMemory({ store: new Neo4jStore() });
    const found = await migrated.retrieve({ query: "Berlin marathon lighthouses", scope });
    expect(found.items.map((hit) => hit.id)).toContain(item.id);
    expect(found.resources).toHaveLength(1);
    expect(found.categories.map((category) => category.name)).toContain("activities");
    expect((await migrated.history({ scope, id: newer.id })).versions.map((version) => version.item.id)).toEqual([older.id, newer.id]);
    const counts = Object.fromEntries((await migrated.listCategories({ scope })).map((category) => [category.name, category.itemCount]));
    expect(counts.activities).toBe(1);
    expect(Object.values(counts).reduce((sum, count) => sum + count, 0)).toBe((await migrated.listItems({ scope })).records.reduce((sum, listed) => sum + listed.categories.length, 0));
    const left = await driver.executeQuery("MATCH (n) WHERE (n:Item OR n:Category OR n:Resource) AND n.scopeTerms IS NULL RETURN count(n) AS n");
    expect(left.records[0]?.get("n")).toBe(0);
    const meta = await driver.executeQuery("MATCH (m:MemographMeta {key: 'schema'}) RETURN m.version AS version");
    expect(meta.records[0]?.get("version")).toBe(SCHEMA_VERSION);
    await migrated.forget({ scope: { userId: scope.userId } });
    await migrated.close();
    await driver.close();
  });
});
