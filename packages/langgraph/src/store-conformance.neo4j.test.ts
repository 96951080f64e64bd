import { createMemory, type MemoryService } from "@memograph/core";
import { Neo4jStore } from "@memograph/neo4j";
import { randomUUID } from "node:crypto";
import { MemographStore } from "./memograph-store.js";
import { runStoreConformance } from "./store-conformance.suite.js";

// Runs against the server in NEO4J_URI; `pnpm test` starts one (scripts/with-neo4j.mjs). No URI is a failure, not a skip.
if (!process.env.NEO4J_URI) throw new Error("NEO4J_URI is not set: run the tests through `pnpm test`, or start Neo4j with `pnpm neo4j:start`");

let memory: Promise<MemoryService> | undefined;
const scopes: { userId: string }[] = [];

// One connection; each store gets a scope of its own, which is what keeps the stores of the shared server apart.
runStoreConformance("MemographStore (Neo4j)", {
  createStore: async (index) => {
    memory ??= createMemory({ store: new Neo4jStore() });
    const scope = { userId: `langgraph-conformance-${randomUUID()}` };
    scopes.push(scope);
    return new MemographStore({ memory: await memory, scope, ...(index === undefined ? {} : { index }) });
  },
  close: async () => {
    if (memory === undefined) return;
    const service = await memory;
    for (const scope of scopes) await service.forget({ scope });
    await service.close();
  },
});
