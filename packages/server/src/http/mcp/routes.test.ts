// Loaded before core: the server's wire schemas call .openapi() on core's zod schemas, which only works once
// @hono/zod-openapi has extended zod (an import-order issue of the server package, not of MCP).
import "@hono/zod-openapi";
import { createMemory, openEmbeddedServerState, type MemoryService, type ServerState } from "@memograph/core";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listen, type Listener } from "../../node.js";
import { createServer } from "../../server.js";

const CONVERSATION = [
  { role: "user", content: "My passport number ends in 4471 and I renew it next March." },
  { role: "assistant", content: "Noted." },
];

let memory: MemoryService;
let state: ServerState;
let listener: Listener;
const keys: Record<string, string> = {};
const clients: Client[] = [];

beforeAll(async () => {
  memory = await createMemory();
  state = await openEmbeddedServerState();
  keys.ann = (await state.access.createKey({ role: "member", userId: "ann" })).key;
  keys.bob = (await state.access.createKey({ role: "member", userId: "bob" })).key;
  keys.annReader = (await state.access.createKey({ role: "member", userId: "ann", readOnly: true })).key;
  keys.admin = (await state.access.createKey({ role: "admin" })).key;
  const revoked = await state.access.createKey({ role: "member", userId: "ann" });
  await state.access.revokeKey(revoked.record.id);
  keys.revoked = revoked.key;
  listener = await listen(createServer(memory, { access: state.access, tasks: state.tasks }), { port: 0 });
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await listener.close();
  await state.close();
  await memory.close();
});

async function connect(key: string, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: "memograph-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${listener.url}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${key}`, ...headers } } }));
  clients.push(client);
  return client;
}

async function tool(client: Client, name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

/** A raw MCP initialize POST, to read the HTTP status a refused client gets. */
function initialize(headers: Record<string, string>): Promise<Response> {
  return fetch(`${listener.url}/mcp`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } } }),
  });
}

describe("MCP at /mcp on the server", () => {
  it("binds a member key to its user: another member key cannot reach that user's memories by any tool, resource or header", async () => {
    const ann = await connect(keys.ann!);
    const memorized = await tool(ann, "memorize", { content: CONVERSATION });
    expect(memorized.isError).toBeFalsy();
    const { items } = memorized.structuredContent as { items: { id: string }[] };
    const itemId = items[0]!.id;
    const { categories } = (await tool(ann, "list_categories")).structuredContent as { categories: { uri: string }[] };

    const bob = await connect(keys.bob!);
    expect((await tool(bob, "retrieve", { query: "passport number renew" })).structuredContent).toEqual({ items: [], categories: [], resources: [] });
    expect((await tool(bob, "retrieve", { query: "passport", where: { userId: "ann" } })).structuredContent).toEqual({ items: [], categories: [], resources: [] });
    expect((await tool(bob, "list_memories")).structuredContent).toEqual({ items: [], nextCursor: null });
    for (const name of ["get_memory", "trace_memory", "delete_memory"]) {
      expect(await tool(bob, name, { id: itemId }), name).toMatchObject({ isError: true, _meta: { "memograph/error": { code: "NOT_FOUND" } } });
    }
    expect((await bob.listResources()).resources).toEqual([]);
    await expect(bob.readResource({ uri: categories[0]!.uri })).rejects.toThrow(/NOT_FOUND/);
    expect((await tool(bob, "forget", { confirm: true })).structuredContent).toEqual({ resources: 0, items: 0, categories: 0 });

    // Naming Ann in the header does not make Bob's key Ann's: 403 before any MCP message is read.
    const named = await initialize({ authorization: `Bearer ${keys.bob}`, "x-memograph-user": "ann" });
    expect(named.status).toBe(403);
    expect(await named.json()).toMatchObject({ code: "FORBIDDEN" });
    await expect(connect(keys.bob!, { "X-Memograph-User": "ann" })).rejects.toThrow(/403/);

    expect(await tool(ann, "get_memory", { id: itemId })).toMatchObject({ structuredContent: { item: { id: itemId } } });
  });

  it("makes an admin key name the user with X-Memograph-User (400 without it)", async () => {
    const missing = await initialize({ authorization: `Bearer ${keys.admin}` });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ code: "VALIDATION", field: "X-Memograph-User" });

    const asAnn = await connect(keys.admin!, { "X-Memograph-User": "ann" });
    const { items } = (await tool(asAnn, "retrieve", { query: "passport renew" })).structuredContent as { items: { summary: string }[] };
    expect(items.some((item) => item.summary.includes("4471"))).toBe(true);
    const asCarl = await connect(keys.admin!, { "X-Memograph-User": "carl" });
    expect((await tool(asCarl, "list_memories")).structuredContent).toEqual({ items: [], nextCursor: null });
  });

  it("gives a read-only key the read tools only, and refuses missing and revoked keys with 401", async () => {
    const reader = await connect(keys.annReader!);
    expect((await reader.listTools()).tools.map((t) => t.name).sort()).toEqual(["get_memory", "list_categories", "list_memories", "retrieve", "trace_memory"]);
    const before = (await tool(reader, "list_memories")).structuredContent;
    expect(await tool(reader, "forget", { confirm: true })).toMatchObject({ isError: true });
    expect((await tool(reader, "list_memories")).structuredContent).toEqual(before);

    expect((await initialize({})).status).toBe(401);
    expect((await initialize({ authorization: `Bearer ${keys.revoked}` })).status).toBe(401);
  });
});
