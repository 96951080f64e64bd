import type { Readable, Writable } from "node:stream";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { isJSONRPCErrorResponse, isJSONRPCRequest, isJSONRPCResultResponse, type JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";

export interface StdioOptions {
  readonly stdin?: Readable;
  readonly stdout?: Writable;
  /** Stop taking requests (for example on SIGTERM); the ones already received are still answered. */
  readonly signal?: AbortSignal;
}

/**
 * Serves `server` over stdin/stdout until the client closes stdin (or `signal` aborts), then answers the requests
 * still running before it resolves: a client that sends a memorize and closes at once still gets it done and
 * answered, and the caller can close the store after. Resolves at once if stdout breaks (the client is gone).
 */
export async function serveStdio(server: McpServer, options: StdioOptions = {}): Promise<void> {
  const stdin = options.stdin ?? process.stdin;
  const stdout = options.stdout ?? process.stdout;
  const transport = new StdioServerTransport(stdin, stdout);
  const running = new Set<string | number>();
  let ending = false;
  const closeIfIdle = () => {
    if (ending && running.size === 0) void server.close();
  };
  const end = () => {
    ending = true;
    stdin.pause();
    closeIfIdle();
  };
  // Set before connect: the protocol chains its own handler after this one.
  transport.onmessage = (message) => {
    if (!ending && isJSONRPCRequest(message)) running.add(message.id);
  };
  const send = transport.send.bind(transport);
  transport.send = async (message: JSONRPCMessage) => {
    await send(message);
    if ((isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message)) && message.id !== undefined) {
      running.delete(message.id);
      closeIfIdle();
    }
  };
  const broken = () => void server.close();
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = resolve;
  });
  stdin.once("end", end);
  stdout.once("error", broken);
  options.signal?.addEventListener("abort", end, { once: true });
  try {
    await server.connect(transport);
    await closed;
  } finally {
    stdin.off("end", end);
    stdout.off("error", broken);
    options.signal?.removeEventListener("abort", end);
  }
}
