import { randomUUID } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { neo4jEnv } from "./require-neo4j.js";

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../packages/cli/dist/bin.js");

async function launch(user: string): Promise<Client> {
  const { uri, user: neo4jUser, password } = neo4jEnv();
  // The test database is shared by every Neo4j test and built with core's default (hashing) embedder: the CLI uses it too.
  const env = { ...getDefaultEnvironment(), NEO4J_URI: uri, NEO4J_USER: neo4jUser, NEO4J_PASSWORD: password, MEMOGRAPH_EMBEDDER: "hashing" };
  const client = new Client({ name: "memograph-test", version: "1.0.0" });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [BIN, "mcp", "--store", "neo4j", "--provider", "offline", "--user", user], env, stderr: "ignore" }));
  return client;
}

async function tool<T>(client: Client, name: string, args: Record<string, unknown> = {}): Promise<T> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
  return result.structuredContent as T;
}

describe("memograph mcp --store neo4j", { timeout: 180_000 }, () => {
  it("memorizes, retrieves, traces and forgets over stdio, one user's scope per process", async () => {
    const user = `mira-${randomUUID()}`;
    const client = await launch(user);
    const conversation = [
      { role: "user", content: "I adopted a grey cat called Pixel last spring." },
      { role: "assistant", content: "Lovely name!" },
    ];
    const memorized = await tool<{ resource: { id: string } }>(client, "memorize", { content: conversation });
    const { items } = await tool<{ items: { id: string; summary: string }[] }>(client, "retrieve", { query: "What is the name of the cat?" });
    const cat = items.find((item) => item.summary.includes("Pixel"))!;
    const trace = await tool<{ sources: { resource: { id: string }; text: string }[] }>(client, "trace_memory", { id: cat.id });
    expect(trace.sources[0]).toMatchObject({ resource: { id: memorized.resource.id } });
    expect(trace.sources[0]!.text).toContain("grey cat called Pixel");

    const other = await launch(`${user}-other`);
    expect(await tool(other, "retrieve", { query: "What is the name of the cat?" })).toEqual({ items: [], categories: [], resources: [] });
    await other.close();

    expect(await tool(client, "forget", { confirm: true })).toMatchObject({ resources: 1 });
    await client.close();
  });
});
