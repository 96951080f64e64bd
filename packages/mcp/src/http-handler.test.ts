import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { createMemory, type MemoryService } from "@memograph/core";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { McpBinding } from "./create-mcp-server.js";
import { WRITE_TOOLS } from "./write-tools.js";
import { createMcpHttpHandler } from "./http-handler.js";
import { ERROR_META_KEY, type ToolErrorDetails } from "./tool-results.js";

// Stand-in for the host's authentication: a bearer token resolves to a binding, as memograph's server resolves an
// API key to its principal's scope before it calls the handler.
const BINDINGS: Record<string, McpBinding> = {
  "ann-key": { scope: { userId: "ann" } },
  "bob-key": { scope: { userId: "bob" } },
  "ann-reader-key": { scope: { userId: "ann" }, readOnly: true },
};

const CONVERSATION = [
  { role: "user", content: "I moved to Porto in 2021 and I work as a nurse at the children's hospital.", createdAt: "2026-03-01T10:00:00Z" },
  { role: "assistant", content: "Porto is lovely! How is the hospital?" },
  { role: "user", content: "I love it. I also play the cello in an amateur orchestra every Thursday." },
];

interface Item {
  id: string;
  summary: string;
  score?: number;
  categories: string[];
  sources: { resourceId: string; span: { kind: string; messageIds?: string[] } }[];
}

let memory: MemoryService;
let server: Server;
let url: URL;
const clients: Client[] = [];

beforeAll(async () => {
  memory = await createMemory();
  const handle = createMcpHttpHandler(memory);
  server = createServer(
    getRequestListener(async (request) => {
      const binding = BINDINGS[request.headers.get("authorization")?.replace(/^Bearer /, "") ?? ""];
      return binding ? handle(request, binding) : new Response("unauthorized", { status: 401 });
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`);
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await memory.close();
});

async function connect(key: string): Promise<Client> {
  const client = new Client({ name: "memograph-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { Authorization: `Bearer ${key}` } } }));
  clients.push(client);
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

async function ok<T>(client: Client, name: string, args: Record<string, unknown> = {}): Promise<T> {
  const result = await call(client, name, args);
  expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
  return result.structuredContent as T;
}

async function failure(client: Client, name: string, args: Record<string, unknown> = {}): Promise<ToolErrorDetails> {
  const result = await call(client, name, args);
  expect(result.isError).toBe(true);
  const details = result._meta?.[ERROR_META_KEY] as ToolErrorDetails;
  expect((result.content[0] as { text: string }).text).toMatch(new RegExp(`^${details.code}: `));
  return details;
}

describe("MCP over streamable HTTP", () => {
  it("lists every tool with a description, input and output schema, and read-only / destructive hints", async () => {
    const { tools } = await (await connect("ann-key")).listTools();
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    expect([...byName.keys()].sort()).toEqual(["category_changes", "delete_memory", "forget", "get_memory", "list_categories", "list_memories", "memorize", "reorganize_categories", "retrieve", "trace_memory"]);
    for (const tool of tools) {
      expect(tool.description!.length, tool.name).toBeGreaterThan(40);
      expect(tool.outputSchema?.type, tool.name).toBe("object");
      expect(tool.annotations?.readOnlyHint, tool.name).toBe(!(WRITE_TOOLS as readonly string[]).includes(tool.name));
    }
    expect(byName.get("forget")!.annotations?.destructiveHint).toBe(true);
    expect(byName.get("delete_memory")!.annotations?.destructiveHint).toBe(true);
    expect(byName.get("memorize")!.annotations?.destructiveHint).toBe(false);
    expect(byName.get("retrieve")!.inputSchema.required).toEqual(["query"]);
    expect(byName.get("forget")!.inputSchema.required).toEqual(["confirm"]);
  });

  it("memorizes a conversation, retrieves it with scores and sources, traces it to its message, and serves category summaries as resources", async () => {
    const ann = await connect("ann-key");
    const memorized = await ok<{ created: boolean; resource: { id: string; modality: string }; items: Item[]; categories: { name: string; uri: string }[] }>(ann, "memorize", {
      content: CONVERSATION,
      name: "chat-2026-03-01",
    });
    expect(memorized).toMatchObject({ created: true, resource: { modality: "conversation" } });
    expect(memorized.items.length).toBeGreaterThan(0);
    // Memorizing the same conversation again writes nothing.
    expect(await ok(ann, "memorize", { content: CONVERSATION, name: "chat-2026-03-01" })).toMatchObject({ created: false, resource: { id: memorized.resource.id } });

    const { items } = await ok<{ items: Item[] }>(ann, "retrieve", { query: "Where does the user work as a nurse?", topK: 3 });
    const nurse = items.find((item) => item.summary.includes("nurse"))!;
    expect(nurse.score).toBeGreaterThan(0);
    expect(nurse.sources).toEqual([{ resourceId: memorized.resource.id, span: { kind: "messages", messageIds: ["m1"] } }]);
    // Stored today: a range that starts tomorrow finds none of it, one that ends tomorrow finds the same.
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect((await ok<{ items: Item[] }>(ann, "retrieve", { query: "nurse", createdFrom: tomorrow })).items).toEqual([]);
    expect((await ok<{ items: Item[] }>(ann, "retrieve", { query: "nurse", createdTo: tomorrow })).items.map((item) => item.id)).toContain(nurse.id);
    // Categories narrow a search and a list alike.
    expect((await ok<{ items: Item[] }>(ann, "retrieve", { query: "nurse", categories: nurse.categories })).items.map((item) => item.id)).toContain(nurse.id);
    expect((await ok<{ items: Item[] }>(ann, "retrieve", { query: "nurse", categories: ["no_such_category"] })).items).toEqual([]);
    const listed = await ok<{ items: { id: string }[] }>(ann, "list_memories", { categories: nurse.categories });
    expect(listed.items.map((item) => item.id)).toContain(nurse.id);

    const trace = await ok<{ item: Item; sources: { resource: { id: string; uri: string }; span: unknown; text: string }[] }>(ann, "trace_memory", { id: nurse.id });
    expect(trace.sources).toHaveLength(1);
    expect(trace.sources[0]!.resource).toMatchObject({ id: memorized.resource.id, uri: "chat-2026-03-01" });
    expect(trace.sources[0]!.text).toContain("I work as a nurse at the children's hospital");

    expect(await ok(ann, "get_memory", { id: nurse.id })).toMatchObject({ item: { id: nurse.id, summary: nurse.summary, sources: nurse.sources } });

    const { categories } = await ok<{ categories: { id: string; name: string; summary: string; uri: string }[] }>(ann, "list_categories");
    const work = categories.find((category) => category.name === "work_life")!;
    expect(work.summary).toContain(`[${nurse.id}]`);
    const { resources } = await ann.listResources();
    expect(resources.map((resource) => resource.uri).sort()).toEqual(categories.map((category) => category.uri).sort());
    const read = await ann.readResource({ uri: work.uri });
    expect(read.contents).toEqual([{ uri: work.uri, mimeType: "text/markdown", text: `# work_life\n\n${work.summary.trim()}\n` }]);
  });

  it("pages list_memories with a cursor", async () => {
    const ann = await connect("ann-key");
    await ok(ann, "memorize", { content: "Ann: My sister Maria lives in Lisbon.\nBob: Do you visit her often?\nAnn: Every Easter, we bake bread together." });
    const all = await ok<{ items: Item[]; nextCursor: string | null }>(ann, "list_memories", { limit: 100 });
    expect(all.items.length).toBeGreaterThanOrEqual(3);
    const first = await ok<{ items: Item[]; nextCursor: string | null }>(ann, "list_memories", { limit: 2 });
    const second = await ok<{ items: Item[]; nextCursor: string | null }>(ann, "list_memories", { limit: 100, cursor: first.nextCursor });
    expect([...first.items, ...second.items].map((item) => item.id)).toEqual(all.items.map((item) => item.id));
  });

  it("keeps a client bound to one user away from another user's memories, whatever it names", async () => {
    const ann = await connect("ann-key");
    const bob = await connect("bob-key");
    const { items } = await ok<{ items: Item[] }>(ann, "retrieve", { query: "nurse children's hospital" });
    const annItem = items[0]!;
    const { categories } = await ok<{ categories: { uri: string }[] }>(ann, "list_categories");

    expect(await ok(bob, "retrieve", { query: "nurse children's hospital" })).toEqual({ items: [], categories: [], resources: [] });
    expect(await ok(bob, "retrieve", { query: "nurse", where: { userId: "ann" } })).toEqual({ items: [], categories: [], resources: [] });
    expect(await ok(bob, "list_memories", { where: { userId__in: ["ann", "bob"] } })).toEqual({ items: [], nextCursor: null });
    expect(await ok(bob, "list_categories")).toEqual({ categories: [] });
    expect((await bob.listResources()).resources).toEqual([]);
    for (const tool of ["get_memory", "trace_memory", "delete_memory"]) {
      expect(await failure(bob, tool, { id: annItem.id }), tool).toMatchObject({ code: "NOT_FOUND", field: "id" });
    }
    await expect(bob.readResource({ uri: categories[0]!.uri })).rejects.toThrow(/NOT_FOUND/);
    // Bob's forget erases Bob's nothing, and Ann's memory is still there.
    expect(await ok(bob, "forget", { confirm: true })).toEqual({ resources: 0, items: 0, categories: 0 });
    expect(await ok(ann, "get_memory", { id: annItem.id })).toMatchObject({ item: { id: annItem.id } });
  });

  it("answers bad input with tool errors carrying the core's code, and keeps serving", async () => {
    const ann = await connect("ann-key");
    const before = await ok<{ items: Item[] }>(ann, "list_memories", { limit: 100 });
    expect(await failure(ann, "memorize", {})).toMatchObject({ code: "VALIDATION", field: "content" });
    expect(await failure(ann, "memorize", { content: "a", url: "/etc/passwd" })).toMatchObject({ code: "VALIDATION", field: "content" });
    expect(await failure(ann, "memorize", { url: "/etc/passwd" })).toMatchObject({ code: "RESOURCE_REFUSED" });
    expect(await failure(ann, "memorize", { url: "http://127.0.0.1:9/x.json" })).toMatchObject({ code: "RESOURCE_REFUSED" });
    expect(await failure(ann, "memorize", { content: "Ann: hi", modality: "image" })).toMatchObject({ code: "MODEL_NOT_CONFIGURED" });
    expect(await failure(ann, "retrieve", { query: "nurse", method: "llm" })).toMatchObject({ code: "MODEL_NOT_CONFIGURED" });
    expect(await failure(ann, "retrieve", { query: "x", where: { color: "red" } })).toMatchObject({ code: "VALIDATION", field: "where.color" });
    expect(await failure(ann, "list_memories", { cursor: "not-a-cursor" })).toMatchObject({ code: "VALIDATION" });
    expect(await failure(ann, "get_memory", { id: "itm_missing" })).toMatchObject({ code: "NOT_FOUND" });
    // Arguments that break the tool's input schema are refused by the SDK before the tool runs.
    for (const [name, args] of [["retrieve", { query: "" }], ["retrieve", { query: "x", topK: 1000 }], ["memorize", { content: [{ role: "user" }] }], ["get_memory", { id: 42 }], ["forget", {}]] as const) {
      const result = await call(ann, name, args);
      expect(result.isError, `${name} ${JSON.stringify(args)}`).toBe(true);
      expect((result.content[0] as { text: string }).text).toMatch(/Input validation error/);
    }
    expect(await failure(ann, "forget", { confirm: false })).toMatchObject({ code: "VALIDATION", field: "confirm" });
    expect(await ok(ann, "list_memories", { limit: 100 })).toEqual(before);
  });

  it("gives a read-only binding the read tools only: writes are not offered and cannot run", async () => {
    const reader = await connect("ann-reader-key");
    const { tools } = await reader.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(["category_changes", "get_memory", "list_categories", "list_memories", "retrieve", "trace_memory"]);
    const before = await ok<{ items: Item[] }>(reader, "list_memories", { limit: 100 });
    expect(before.items.length).toBeGreaterThan(0);
    for (const [name, args] of [["memorize", { content: "Ann: I like tea." }], ["delete_memory", { id: before.items[0]!.id }], ["forget", { confirm: true }], ["reorganize_categories", { splitAbove: 4 }]] as const) {
      const result = await call(reader, name, args);
      expect(result.isError, name).toBe(true);
      expect((result.content[0] as { text: string }).text).toMatch(/not found/);
    }
    expect(await ok(reader, "list_memories", { limit: 100 })).toEqual(before);
  });

  it("deletes one memory, and forgets the whole scope only when confirmed", async () => {
    const ann = await connect("ann-key");
    const { items } = await ok<{ items: Item[] }>(ann, "list_memories", { limit: 100 });
    const deleted = await ok<{ deleted: Item }>(ann, "delete_memory", { id: items[0]!.id });
    expect(deleted.deleted.id).toBe(items[0]!.id);
    expect(await failure(ann, "get_memory", { id: items[0]!.id })).toMatchObject({ code: "NOT_FOUND" });
    expect(await failure(ann, "delete_memory", { id: items[0]!.id })).toMatchObject({ code: "NOT_FOUND" });

    const counts = await ok<{ resources: number; items: number; categories: number }>(ann, "forget", { confirm: true });
    expect(counts).toMatchObject({ resources: 2, items: items.length - 1 });
    expect(await ok(ann, "list_memories")).toEqual({ items: [], nextCursor: null });
    expect((await ann.listResources()).resources).toEqual([]);
  });

  it("answers GET with 405: the endpoint is stateless and holds no stream open", async () => {
    const response = await fetch(url, { headers: { Authorization: "Bearer ann-key", Accept: "text/event-stream" } });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
  });
});
