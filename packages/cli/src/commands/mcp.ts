import path from "node:path";
import { Option, type Command } from "commander";
import type { MemoryService, Scope } from "@memograph/core";
import type { CliIo } from "../io.js";
import type { StoreOptions } from "../open-memory.js";
import { forgetExistingTasks } from "../open-server-state.js";

interface McpOptions {
  user: string;
  agent?: string;
  readOnly?: boolean;
  store?: string;
  dir?: string;
  provider?: string;
  config?: string;
  allowRoot?: string[];
  allowHost?: string[];
}

/**
 * `memograph mcp`: an MCP server on stdin/stdout for clients that launch a command, bound to one scope for the life
 * of the process. stdout carries the protocol and nothing else; diagnostics go to stderr.
 */
export function registerMcpCommand(program: Command, io: CliIo, open: (options: StoreOptions) => Promise<MemoryService>): void {
  program
    .command("mcp")
    .description("serve the memory of one user to an MCP client over stdio (tools: memorize, retrieve, trace_memory, ...)")
    .addOption(new Option("--user <id>", "the user whose memories this server reaches").env("MEMOGRAPH_USER").makeOptionMandatory())
    .option("--agent <id>", "narrow the scope to one agent")
    .option("--read-only", "leave out the tools that write (memorize, delete_memory, forget)")
    .option("--store <store>", "embedded or neo4j (env MEMOGRAPH_STORE; neo4j reads NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD)")
    .option("--dir <dir>", "embedded store folder (env MEMOGRAPH_DIR, default ./.memograph)")
    .addOption(new Option("--provider <provider>", "models: openai (default when OPENAI_API_KEY is set) or offline").choices(["offline", "openai"]))
    .option("--config <file>", "config file (default: memograph.config.{ts,mjs,js,json} in the working folder)")
    .option("--allow-root <dir...>", "folders memorize may read files from when given a path (default: none)")
    .option("--allow-host <host...>", "hosts memorize may fetch URLs from (default: none)")
    .action(async (options: McpOptions) => {
      const memory = await open({
        ...options,
        roots: (options.allowRoot ?? []).map((root) => path.resolve(io.cwd, root)),
        allowHosts: options.allowHost ?? [],
      });
      const scope = { userId: options.user, ...(options.agent === undefined ? {} : { agentId: options.agent }) };
      // Loaded here, so the other commands never pay for the MCP SDK.
      const { createMcpServer, serveStdio } = await import("@memograph/mcp");
      // Where a server over the same store keeps the user's tasks (their conversations), a forget erases them first.
      const beforeForget = (forgotten: Scope) => forgetExistingTasks(io, options, forgotten);
      const server = createMcpServer(memory, { scope, readOnly: options.readOnly === true }, { beforeForget });
      const stop = new AbortController();
      const abort = () => stop.abort();
      process.once("SIGINT", abort);
      process.once("SIGTERM", abort);
      io.stderr(`memograph mcp: serving ${JSON.stringify(scope)}${options.readOnly ? " read-only" : ""} on stdio\n`);
      try {
        // The protocol channel is the process's own stdin and stdout, never the CLI's text output.
        await serveStdio(server, { stdin: process.stdin, stdout: process.stdout, signal: stop.signal });
      } finally {
        process.off("SIGINT", abort);
        process.off("SIGTERM", abort);
      }
    });
}
