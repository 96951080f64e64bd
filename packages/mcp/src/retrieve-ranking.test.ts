import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { salienceScenario, type SalienceScenario } from "@memograph/core/testing";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMcpHttpHandler } from "./http-handler.js";

let scenario: SalienceScenario;
let server: Server;
let client: Client;

beforeAll(async () => {
  scenario = await salienceScenario();
  const handle = createMcpHttpHandler(scenario.memory);
  server = createServer(getRequestListener((request) => handle(request, { scope: scenario.scope })));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  client = new Client({ name: "memograph-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`)));
});

afterAll(async () => {
  await client.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await scenario.memory.close();
});

async function retrieve(args: Record<string, unknown>): Promise<CallToolResult> {
  return (await client.callTool({ name: "retrieve", arguments: { query: scenario.query, ...args } })) as CallToolResult;
}
const ids = (result: CallToolResult) => (result.structuredContent as { items: { id: string }[] }).items.map((item) => item.id);

describe("MCP retrieve ranking", () => {
  it("orders by relevance by default and by salience when asked, and counts each returned memory as an access", async () => {
    const before = await scenario.accessCount(scenario.fresh.id);
    expect(ids(await retrieve({}))[0]).toBe(scenario.stale.id);
    expect(ids(await retrieve({ ranking: "salience" }))[0]).toBe(scenario.fresh.id);
    // A half-life so long that age hardly counts gives the order back to relevance.
    expect(ids(await retrieve({ ranking: "salience", halfLifeDays: 36_500 }))[0]).toBe(scenario.stale.id);
    expect(await scenario.accessCount(scenario.fresh.id)).toBe(before + 3);
  });

  it("refuses a ranking it does not know, and salience with the llm method", async () => {
    expect((await retrieve({ ranking: "fame" })).isError).toBe(true);
    const llm = await retrieve({ ranking: "salience", method: "llm" });
    expect(llm.isError).toBe(true);
    expect((llm.content[0] as { text: string }).text).toMatch(/^VALIDATION: .*salience ranking applies to method rag/);
  });
});
