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

const BODY_LIMIT = 64 * 1024;
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({ server: { bodyLimitBytes: BODY_LIMIT } });
});
afterAll(() => harness?.close());

rbacSuite(() => harness);
adminReadsSuite(() => harness);
v1Suite(() => harness);
categoriesSuite(() => harness);
langgraphStoreSuite(() => harness);
mcpSuite(() => harness);
memuV3Suite(() => harness, () => harness.settle());
badBodiesSuite(() => harness, BODY_LIMIT);
