import { readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createMemory, openEmbeddedServerState } from "@memograph/core";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./test-support/harness.js";

const SECRET = "zanzibar-quokka";

describe("forget over HTTP and MCP erases the scope's tasks too", () => {
  let h: Harness;
  let dir: string;
  afterEach(() => h.close());

  // No runner: the test itself plays the worker, so a task is running exactly when it says.
  const start = async () => {
    dir = await mkdtemp(path.join(tmpdir(), "memograph-forget-tasks-"));
    h = await startHarness({ memory: await createMemory({ dir }), state: await openEmbeddedServerState({ dir }), server: { runner: false } });
  };
  const enqueue = async (key: string, content: string) => {
    const response = await h.call("POST", "/v1/memorize", { key, body: { content, async: true } });
    expect(response.status).toBe(202);
    return response.body.task.id as string;
  };
  const taskIds = async (key: string) => ((await h.call("GET", "/v1/tasks?limit=100", { key })).body.tasks as { id: string }[]).map((task) => task.id);
  const fileText = () => ["memograph.db", "memograph.db-wal"].map((file) => { try { return readFileSync(path.join(dir, file)).toString("latin1"); } catch { return ""; } }).join("");

  it("/v1/forget refuses with 409 CONFLICT while one of the user's tasks runs, then erases their tasks and no one else's", async () => {
    await start();
    const running = await enqueue(h.keys.alice, `My locker code is ${SECRET}.`);
    const waiting = await enqueue(h.keys.alice, "I moved to Porto in May.");
    const bobs = await enqueue(h.keys.bob, "I keep bees.");
    expect(await h.state.tasks.claim("test-worker", 60_000)).toMatchObject({ id: running });

    const refused = await h.call("POST", "/v1/forget", { key: h.keys.alice, body: { confirm: h.users.alice } });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: "CONFLICT", field: "scope", title: "Conflict" });
    expect((await taskIds(h.keys.alice)).sort()).toEqual([running, waiting].sort());

    await h.state.tasks.complete(running, "test-worker", { items: [] });
    const forgot = await h.call("POST", "/v1/forget", { key: h.keys.alice, body: { confirm: h.users.alice } });
    expect(forgot.status).toBe(200);
    expect(await taskIds(h.keys.alice)).toEqual([]);
    expect((await h.call("GET", `/v1/tasks/${running}`, { key: h.keys.admin })).status).toBe(404);
    expect(await taskIds(h.keys.bob)).toEqual([bobs]);
    // Erased from the file and its log, not only from the queue's answers.
    expect(fileText()).not.toContain(SECRET);
  });

  it("the MCP forget tool erases the user's tasks before their memories, and refuses while one runs", async () => {
    await start();
    const client = new Client({ name: "memograph-test", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${h.url}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${h.keys.alice}` } } }));
    const forget = async () => (await client.callTool({ name: "forget", arguments: { confirm: true } })) as CallToolResult;
    const task = await enqueue(h.keys.alice, `My locker code is ${SECRET}.`);
    await h.state.tasks.claim("test-worker", 60_000);
    expect(await forget()).toMatchObject({ isError: true, _meta: { "memograph/error": { code: "CONFLICT" } } });
    await h.state.tasks.complete(task, "test-worker", { items: [] });
    expect((await forget()).isError).toBeFalsy();
    expect(await taskIds(h.keys.alice)).toEqual([]);
    expect(fileText()).not.toContain(SECRET);
    await client.close();
  });
});
