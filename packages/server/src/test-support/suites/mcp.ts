import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";

/** MCP at /mcp with the SDK's own client: every tool bound to the key's user, as in the REST API. */
export function mcpSuite(harness: () => Harness): void {
  describe("MCP at /mcp", () => {
    const clients: Client[] = [];
    afterAll(() => Promise.all(clients.map((client) => client.close())));

    async function connect(key: string, headers: Record<string, string> = {}): Promise<Client> {
      const client = new Client({ name: "memograph-test", version: "1.0.0" });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${harness().url}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${key}`, ...headers } } }));
      clients.push(client);
      return client;
    }

    const tool = async (client: Client, name: string, args: Record<string, unknown> = {}) => (await client.callTool({ name, arguments: args })) as CallToolResult;

    /** A raw MCP initialize POST, to read the HTTP status a refused client gets. */
    const initialize = (key: string | null, headers: Record<string, string> = {}) =>
      harness().call("POST", "/mcp", {
        key,
        headers: { accept: "application/json, text/event-stream", ...headers },
        body: { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } } },
      });

    const conversation = [
      { role: "user", content: "My passport number ends in 4471 and I renew it next March." },
      { role: "assistant", content: "Noted." },
    ];

    it("binds a member key to its user: another member key cannot reach that user's memories by any tool, resource or header", async () => {
      const { keys, users } = harness();
      const alice = await connect(keys.alice);
      const memorized = await tool(alice, "memorize", { content: conversation });
      expect(memorized.isError, JSON.stringify(memorized.content)).toBeFalsy();
      const itemId = (memorized.structuredContent as { items: { id: string }[] }).items[0]!.id;
      const { categories } = (await tool(alice, "list_categories")).structuredContent as { categories: { uri: string }[] };

      // Bob has memories of his own (other suites share the server): none of Alice's may show among them.
      const bob = await connect(keys.bob);
      const ids = (value: unknown) => JSON.stringify(value).match(/itm_[A-Za-z0-9_-]+/g) ?? [];
      for (const args of [{ query: "passport number 4471 renew" }, { query: "passport", where: { userId: users.alice } }]) {
        const found = await tool(bob, "retrieve", args);
        expect(found.isError).toBeFalsy();
        expect(JSON.stringify(found.structuredContent)).not.toContain("4471");
      }
      expect(ids((await tool(bob, "list_memories", { limit: 100 })).structuredContent)).not.toContain(itemId);
      for (const name of ["get_memory", "trace_memory", "delete_memory"]) {
        expect(await tool(bob, name, { id: itemId }), name).toMatchObject({ isError: true, _meta: { "memograph/error": { code: "NOT_FOUND" } } });
      }
      const bobsCategories = (await bob.listResources()).resources.map((resource) => resource.uri);
      expect(bobsCategories).not.toContain(categories[0]!.uri);
      await expect(bob.readResource({ uri: categories[0]!.uri })).rejects.toThrow(/NOT_FOUND/);

      // Naming Alice in the header does not make Bob's key hers: 403 before any MCP message is read.
      const named = await initialize(keys.bob, { "x-memograph-user": users.alice });
      expect(named.status).toBe(403);
      expect(named.body).toMatchObject({ code: "FORBIDDEN" });
      await expect(connect(keys.bob, { "X-Memograph-User": users.alice })).rejects.toThrow(/403/);

      expect(await tool(alice, "get_memory", { id: itemId })).toMatchObject({ structuredContent: { item: { id: itemId } } });
    });

    it("makes an admin key name the user with X-Memograph-User (400 without it)", async () => {
      const { keys, users } = harness();
      const missing = await initialize(keys.admin);
      expect(missing.status).toBe(400);
      expect(missing.body).toMatchObject({ code: "VALIDATION", field: "X-Memograph-User" });

      const asAlice = await connect(keys.admin, { "X-Memograph-User": users.alice });
      const { items } = (await tool(asAlice, "retrieve", { query: "passport renew" })).structuredContent as { items: { summary: string }[] };
      expect(items.some((item) => item.summary.includes("4471"))).toBe(true);
      const asBob = await connect(keys.admin, { "X-Memograph-User": users.bob });
      expect(JSON.stringify((await tool(asBob, "retrieve", { query: "passport renew" })).structuredContent)).not.toContain("4471");
    });

    it("gives a read-only key the read tools only, and refuses missing, revoked and expired keys with 401", async () => {
      const { keys } = harness();
      const reader = await connect(keys.aliceReadOnly);
      expect((await reader.listTools()).tools.map((t) => t.name).sort()).toEqual(["get_memory", "list_categories", "list_memories", "retrieve", "trace_memory"]);
      const before = (await tool(reader, "list_memories")).structuredContent;
      expect(await tool(reader, "forget", { confirm: true })).toMatchObject({ isError: true });
      expect((await tool(reader, "list_memories")).structuredContent).toEqual(before);

      for (const key of [null, keys.revoked, keys.expired]) expect((await initialize(key)).status).toBe(401);
    });
  });
}
