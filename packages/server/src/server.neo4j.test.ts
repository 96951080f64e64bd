import { createMemory } from "@memograph/core";
import { Neo4jStore, openNeo4jServerState } from "@memograph/neo4j";
import { afterAll, beforeAll } from "vitest";
import { startHarness, type Harness } from "./test-support/harness.js";
import { adminReadsSuite } from "./test-support/suites/admin-reads.js";
import { badBodiesSuite } from "./test-support/suites/bad-bodies.js";
import { categoriesSuite } from "./test-support/suites/categories.js";
import { langgraphStoreSuite } from "./test-support/suites/langgraph-store.js";
import { mcpSuite } from "./test-support/suites/mcp.js";
import { memuV3Suite } from "./test-support/suites/memu-v3.js";
import { rbacSuite } from "./test-support/suites/rbac.js";
import { v1Suite } from "./test-support/suites/v1.js";

// Runs against the server in NEO4J_URI; `pnpm test` starts one (scripts/with-neo4j.mjs). No URI is a failure, not a skip.
if (!process.env.NEO4J_URI) throw new Error("NEO4J_URI is not set: run the tests through `pnpm test`, or start Neo4j with `pnpm neo4j:start`");

const BODY_LIMIT = 64 * 1024;
const run = `srv-${Date.now().toString(36)}`;
let harness: Harness;

beforeAll(async () => {
  const memory = await createMemory({ store: new Neo4jStore({}) });
  // A namespace of its own: keys and the task queue of this run are invisible to other runs on the same database.
  const state = await openNeo4jServerState({ namespace: run });
  harness = await startHarness({ memory, state, runId: run, server: { bodyLimitBytes: BODY_LIMIT } });
});
afterAll(async () => {
  await harness?.close();
  await harness?.state.close();
  await harness?.memory.close();
});

rbacSuite(() => harness);
adminReadsSuite(() => harness);
v1Suite(() => harness);
categoriesSuite(() => harness);
langgraphStoreSuite(() => harness);
mcpSuite(() => harness);
memuV3Suite(() => harness, () => harness.settle());
badBodiesSuite(() => harness, BODY_LIMIT);
