import { runStoreContract } from "@memograph/core/testing";
import { Neo4jStore } from "./neo4j-store.js";

// Runs against the server in NEO4J_URI; `pnpm test` starts one (scripts/with-neo4j.mjs). No URI is a failure, not a skip.
if (!process.env.NEO4J_URI) throw new Error("NEO4J_URI is not set: run the tests through `pnpm test`, or start Neo4j with `pnpm neo4j:start`");

runStoreContract("Neo4j", { createStore: async () => new Neo4jStore() });
