import { HashingEmbedder, createMemory, defaultScopeSchema } from "@memograph/core";
import { describe, expect, it } from "vitest";
import { Neo4jStore } from "./neo4j-store.js";

if (!process.env.NEO4J_URI) throw new Error("NEO4J_URI is not set: run the tests through `pnpm test`, or start Neo4j with `pnpm neo4j:start`");

// The shared test database is partitioned by `userId` (the default scope schema's first key).
// Built from core's schema (this package does not depend on zod): every default key optional, then a required tenant.
const tenantFirst = defaultScopeSchema.partial().extend({ tenantId: defaultScopeSchema.shape.userId });

describe("Neo4jStore partition key", () => {
  it("takes the partition key from the scope schema through init, and refuses a database partitioned by another", async () => {
    const embedder = new HashingEmbedder();
    await (await createMemory({ embedder, store: new Neo4jStore() })).close();
    // Before, the store partitioned by its own default whatever the schema; now the schema's key reaches it.
    await expect(createMemory({ embedder, scopeSchema: tenantFirst, store: new Neo4jStore() })).rejects.toMatchObject({
      code: "STORE_MISMATCH",
      message: expect.stringMatching(/partitioned by scope key userId, not tenantId.*partitionKey: "userId"/),
    });
    // A key chosen for the store wins, so a database built before keeps working.
    const kept = await createMemory({ embedder, scopeSchema: tenantFirst, store: new Neo4jStore({ partitionKey: "userId" }) });
    await kept.close();
  });
});
