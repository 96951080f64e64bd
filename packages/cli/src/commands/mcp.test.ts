import { spawn } from "node:child_process";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { openEmbeddedServerState } from "@memograph/core";
import { describe, expect, it } from "vitest";
import { run } from "../program.js";

// The built command, as an MCP client launches it (`pnpm build` first).
const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../dist/bin.js");

const CONVERSATION = [
  { role: "user", content: "My daughter Lena starts school in Berlin this September." },
  { role: "assistant", content: "Exciting! Is she nervous?" },
  { role: "user", content: "A bit. She is allergic to peanuts, so I packed her lunch myself." },
];

interface Item {
  id: string;
  summary: string;
  score?: number;
  sources: { resourceId: string; span: { kind: string; messageIds?: string[] } }[];
}

async function launch(dir: string, ...flags: string[]): Promise<{ client: Client; transport: StdioClientTransport; stderr: () => string }> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, "mcp", "--dir", dir, "--provider", "offline", ...flags], cwd: dir, stderr: "pipe" });
  let stderr = "";
  transport.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: "memograph-test", version: "1.0.0" });
  await client.connect(transport);
  return { client, transport, stderr: () => stderr };
}

async function tool<T>(client: Client, name: string, args: Record<string, unknown> = {}): Promise<{ result: CallToolResult; value: T }> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  return { result, value: result.structuredContent as T };
}

// Each test starts the CLI one or more times; on a loaded machine a start alone can take seconds.
describe("MCP from the command line: memograph mcp (stdio) and /mcp of memograph serve", { timeout: 180_000 }, () => {
  it("serves one user's memory to the SDK's client: memorize, retrieve, trace, delete, forget only when confirmed", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "memograph-mcp-"));
    const { client, stderr } = await launch(dir, "--user", "mira");
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(["category_changes", "delete_memory", "forget", "get_memory", "list_categories", "list_memories", "memorize", "reorganize_categories", "retrieve", "trace_memory"]);

    const memorized = await tool<{ created: boolean; resource: { id: string }; items: Item[] }>(client, "memorize", { content: CONVERSATION });
    expect(memorized.result.isError).toBeFalsy();
    expect(memorized.value.created).toBe(true);

    const retrieved = await tool<{ items: Item[] }>(client, "retrieve", { query: "What is Lena allergic to?", topK: 3 });
    const allergy = retrieved.value.items.find((item) => item.summary.includes("peanuts"))!;
    expect(allergy.score).toBeGreaterThan(0);
    expect(allergy.sources).toEqual([{ resourceId: memorized.value.resource.id, span: { kind: "messages", messageIds: ["m3"] } }]);
    expect((retrieved.result.content[0] as { text: string }).text).toContain(allergy.id);

    const traced = await tool<{ sources: { text: string }[] }>(client, "trace_memory", { id: allergy.id });
    expect(traced.value.sources.map((source) => source.text).join("\n")).toContain("She is allergic to peanuts");

    const deleted = await tool<{ deleted: Item }>(client, "delete_memory", { id: allergy.id });
    expect(deleted.value.deleted.id).toBe(allergy.id);
    expect((await tool(client, "get_memory", { id: allergy.id })).result).toMatchObject({ isError: true, _meta: { "memograph/error": { code: "NOT_FOUND" } } });

    const refused = await tool(client, "forget", { confirm: false });
    expect(refused.result).toMatchObject({ isError: true, _meta: { "memograph/error": { code: "VALIDATION", field: "confirm" } } });
    const left = await tool<{ items: Item[] }>(client, "list_memories");
    expect(left.value.items.length).toBeGreaterThan(0);

    // A server over this folder queued one of Mira's conversations: the forget erases it with her memories.
    const state = await openEmbeddedServerState({ dir });
    await state.tasks.enqueue({ kind: "memorize", scope: { userId: "mira" }, input: { content: "Lena's locker code is 4471." } });
    const forgotten = await tool<{ items: number; resources: number }>(client, "forget", { confirm: true });
    expect(forgotten.value).toMatchObject({ resources: 1, items: left.value.items.length });
    expect((await tool(client, "list_memories")).value).toEqual({ items: [], nextCursor: null });
    expect((await state.tasks.list(null, { limit: 10 })).records).toEqual([]);
    await state.close();
    await client.close();
    expect(stderr()).toBe('memograph mcp: serving {"userId":"mira"} on stdio\n');
  });

  it("keeps memories across processes, and a --read-only process offers no write tool", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "memograph-mcp-"));
    const notes = path.join(dir, "notes");
    await mkdir(notes);
    await writeFile(path.join(notes, "chat.txt"), "Mira: Lena's violin lesson moved to Wednesdays.\nTom: Good to know.\n");
    await writeFile(path.join(dir, "elsewhere.txt"), "Mira: a file outside the allowed folder.\n");
    const writer = await launch(dir, "--user", "mira", "--agent", "tutor", "--allow-root", "notes");
    await tool(writer.client, "memorize", { content: CONVERSATION });
    // --allow-root opens that folder to memorize's url, and nothing else.
    const fromFile = await tool<{ resource: { uri: string }; items: Item[] }>(writer.client, "memorize", { url: path.join(notes, "chat.txt") });
    expect(fromFile.value.items.some((item) => item.summary.includes("violin"))).toBe(true);
    expect((await tool(writer.client, "memorize", { url: path.join(dir, "elsewhere.txt") })).result).toMatchObject({ isError: true, _meta: { "memograph/error": { code: "RESOURCE_REFUSED" } } });
    await writer.client.close();

    const reader = await launch(dir, "--user", "mira", "--read-only");
    const { tools } = await reader.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(["category_changes", "get_memory", "list_categories", "list_memories", "retrieve", "trace_memory"]);
    const { value } = await tool<{ items: Item[] }>(reader.client, "retrieve", { query: "Lena school Berlin", where: { agentId: "tutor" } });
    expect(value.items.some((item) => item.summary.includes("Berlin"))).toBe(true);
    expect((await tool(reader.client, "memorize", { content: "Mira: I like tea." })).result.isError).toBe(true);
    await reader.client.close();

    // Another user on the same store sees none of it.
    const other = await launch(dir, "--user", "otto");
    expect((await tool(other.client, "retrieve", { query: "Lena school Berlin" })).value).toEqual({ items: [], categories: [], resources: [] });
    await other.client.close();
  });

  it("writes nothing but protocol to stdout, and answers a memorize still running when the client closes stdin", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "memograph-mcp-"));
    const child = spawn(process.execPath, [BIN, "mcp", "--user", "mira", "--dir", dir, "--provider", "offline"], { cwd: dir, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    const send = (message: object) => child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", ...message })}\n`);
    send({ id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } } });
    send({ method: "notifications/initialized" });
    send({ id: 2, method: "tools/call", params: { name: "memorize", arguments: { content: CONVERSATION } } });
    child.stdin.end();
    expect(await exited).toBe(0);

    const messages = stdout.trim().split("\n").map((line) => JSON.parse(line) as { jsonrpc: string; id?: number; result?: { structuredContent?: { created: boolean } } });
    expect(messages.every((message) => message.jsonrpc === "2.0")).toBe(true);
    expect(messages.find((message) => message.id === 2)?.result?.structuredContent?.created).toBe(true);
  });

  it("serves the same tools by URL at /mcp of memograph serve, bound to a member key's user, as the README's URL config does", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "memograph-mcp-"));
    let created = "";
    const io = { stdout: (text: string) => (created += text), stderr: () => undefined, interactive: false, env: {}, cwd: dir };
    expect(await run(["keys", "create", "--role", "member", "--user", "mira", "--dir", dir, "--json"], io)).toBe(0);
    const { key } = JSON.parse(created) as { key: string };

    const server = spawn(process.execPath, [BIN, "serve", "--port", "0", "--dir", dir, "--provider", "offline"], { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
    const exited = new Promise<number | null>((resolve) => server.on("exit", resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let stderr = "";
        server.stderr.on("data", (chunk: Buffer) => {
          stderr += chunk.toString();
          const match = /listening on (http:\/\/\S+?) /.exec(stderr);
          if (match) resolve(match[1]!);
        });
        server.once("exit", () => reject(new Error(`memograph serve exited: ${stderr}`)));
      });
      const client = new Client({ name: "memograph-test", version: "1.0.0" });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${key}` } } }));
      expect((await client.listTools()).tools).toHaveLength(10);
      await tool(client, "memorize", { content: CONVERSATION });
      const { value } = await tool<{ items: Item[] }>(client, "retrieve", { query: "What is Lena allergic to?" });
      expect(value.items.some((item) => item.summary.includes("peanuts"))).toBe(true);
      await client.close();
    } finally {
      server.kill("SIGTERM");
    }
    expect(await exited).toBe(0);

    // The memory went to the key's user, in the store the stdio command reads.
    const stdio = await launch(dir, "--user", "mira", "--read-only");
    expect((await tool<{ items: Item[] }>(stdio.client, "list_memories")).value.items.length).toBeGreaterThan(0);
    await stdio.client.close();
  });

  it("refuses to start without a user, with a usage error and nothing on stdout", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "memograph-mcp-"));
    const { MEMOGRAPH_USER: _user, ...env } = process.env;
    const child = spawn(process.execPath, [BIN, "mcp", "--dir", dir], { cwd: dir, stdio: ["pipe", "pipe", "pipe"], env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    expect(await new Promise((resolve) => child.on("exit", resolve))).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/--user/);
  });
});
