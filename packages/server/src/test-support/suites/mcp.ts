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
      expect((await reader.listTools()).tools.map((t) => t.name).sort()).toEqual(["category_changes", "get_memory", "list_categories", "list_memories", "retrieve", "trace_memory"]);
      const before = (await tool(reader, "list_memories")).structuredContent;
      expect(await tool(reader, "forget", { confirm: true })).toMatchObject({ isError: true });
      expect((await tool(reader, "list_memories")).structuredContent).toEqual(before);

      for (const key of [null, keys.revoked, keys.expired]) expect((await initialize(key)).status).toBe(401);
    });

    it("reorganizes the connection's categories (a dry run first) and lists the change log; another user's stay untouched and unseen", async () => {
      const { keys, users, memory } = harness();
      // One agent's scope of each user, named by the connection's X-Memograph-Agent: other suites' categories are not in it.
      const agent = { "X-Memograph-Agent": "curator" };
      const names = async (userId: string) => (await memory.listCategories({ scope: { userId, agentId: "curator" } })).map((category) => `${category.name}:${category.itemCount}`).sort();
      for (const userId of [users.alice, users.bob]) {
        for (const dish of ["pasta carbonara", "pasta pesto", "pasta alla norma", "curry with lentils", "curry with chickpeas", "curry with spinach"]) {
          await memory.createItem({ scope: { userId, agentId: "curator" }, type: "knowledge", summary: `Cooks ${dish} on Sundays.`, categories: ["cooking"] });
        }
      }
      const alice = await connect(keys.alice, agent);
      const changes = async (client: Client, args: Record<string, unknown> = {}) => (await tool(client, "category_changes", args)).structuredContent as { changes: { id: string; kind: string; to: string[] }[]; nextCursor: string | null };

      const invalid = await tool(alice, "reorganize_categories", { splitAbove: 2 });
      expect(invalid.isError).toBe(true);
      expect(JSON.stringify(invalid.content)).toMatch(/splitAbove/);
      expect(await tool(alice, "reorganize_categories", { splitAbove: 4, method: "model" })).toMatchObject({ isError: true, _meta: { "memograph/error": { code: "MODEL_NOT_CONFIGURED" } } });

      const planned = await tool(alice, "reorganize_categories", { splitAbove: 4, dryRun: true });
      expect(planned.isError, JSON.stringify(planned.content)).toBeFalsy();
      expect(planned.structuredContent).toMatchObject({ dryRun: true, changes: [{ kind: "split", from: ["cooking"] }] });
      expect(await names(users.alice)).toEqual(["cooking:6"]);
      expect(await changes(alice)).toEqual({ changes: [], nextCursor: null });

      const made = await tool(alice, "reorganize_categories", { splitAbove: 4 });
      const change = (made.structuredContent as { changes: { id: string; to: string[] }[] }).changes[0]!;
      expect([...change.to].sort()).toEqual(["cooking-curry", "cooking-pasta"]);
      expect((made.content[0] as { text: string }).text).toMatch(/^Made 1 change:\n- \[chg_/);
      expect(await names(users.alice)).toEqual(["cooking-curry:3", "cooking-pasta:3"]);
      expect((await changes(alice, { limit: 1 })).changes.map((entry) => entry.id)).toEqual([change.id]);

      // Bob, through his own key or an admin's naming him, sees his own unchanged categories and an empty log.
      for (const bob of [await connect(keys.bob, agent), await connect(keys.admin, { ...agent, "X-Memograph-User": users.bob })]) {
        expect(await changes(bob)).toEqual({ changes: [], nextCursor: null });
      }
      expect(await names(users.bob)).toEqual(["cooking:6"]);
    });
  });
}
