import { Option, type Command } from "commander";
import type { CliIo } from "../io.js";
import { openMemory } from "../open-memory.js";
import { openServerState } from "../open-server-state.js";

interface ServeOptions {
  host: string;
  port: number;
  store?: string;
  dir?: string;
  provider?: string;
  config?: string;
  allowHost?: string[];
  bodyLimit: number;
  rateLimit: number;
  cors?: string[];
  /** A folder, false for none (`--no-dashboard`), or unset: the bundled dashboard. */
  dashboard?: string | false;
  tasks: boolean;
  taskConcurrency: number;
  taskLeaseMs: number;
  keepTasksDays: number;
}

function port(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65_535) throw new Error(`expected a port number, got ${JSON.stringify(value)}`);
  return parsed;
}

function count(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`expected a whole number, got ${JSON.stringify(value)}`);
  return parsed;
}

/** Resolves on the first SIGTERM or SIGINT. */
function shutdownSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      process.off("SIGTERM", stop);
      process.off("SIGINT", stop);
      resolve(signal);
    };
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
  });
}

async function dashboardOption(choice: string | false | undefined): Promise<{ dashboardDir?: string }> {
  if (choice === false) return {};
  if (choice !== undefined) return { dashboardDir: choice };
  const { dashboardBuilt, dashboardDir } = await import("@memograph/dashboard");
  return dashboardBuilt() ? { dashboardDir: dashboardDir() } : {};
}

/** `memograph serve`: the HTTP server over the chosen store, until SIGTERM or SIGINT. */
export function registerServe(command: Command, io: CliIo): Command {
  return command
    .description("serve the memU v3, LangGraph store and /v1 APIs over HTTP (keys from `memograph keys create`)")
    .option("--host <host>", "interface to bind; anything but 127.0.0.1 exposes the server beyond this machine", "127.0.0.1")
    .option("--port <port>", "port (0 picks a free one)", port, 8787)
    .option("--store <store>", "embedded or neo4j (env MEMOGRAPH_STORE; neo4j reads NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD)")
    .option("--dir <dir>", "embedded store folder (env MEMOGRAPH_DIR, default ./.memograph)")
    .addOption(new Option("--provider <provider>", "models: openai or offline").choices(["offline", "openai"]))
    .option("--config <file>", "config file (default: memograph.config.{ts,mjs,js,json} in the working folder)")
    .option("--allow-host <host...>", "hosts a memorize resourceUrl may be fetched from (default: none)")
    .option("--body-limit <bytes>", "largest request body", count, 1024 * 1024)
    .option("--rate-limit <n>", "requests per key per minute (0: no limit)", count, 600)
    .option("--cors <origin...>", "browser origins allowed to call the API (default: none)")
    .option("--dashboard <dir>", "a built dashboard to serve at / (default: @memograph/dashboard's)")
    .option("--no-dashboard", "serve no dashboard")
    .option("--no-tasks", "accept memorize tasks but leave running them to other servers")
    .option("--task-concurrency <n>", "memorize tasks this server runs at once", count, 2)
    .option("--task-lease-ms <ms>", "how long a claimed task stays this server's without renewal; a dead server's tasks run again after it", count, 60_000)
    .option("--keep-tasks-days <days>", "days a finished task (its input and result) is kept; 0 keeps every task", count, 30)
    .action(async (options: ServeOptions) => {
      const storeOptions = { ...options, roots: [], allowHosts: options.allowHost ?? [] };
      const memory = await openMemory(io, storeOptions);
      try {
        const state = await openServerState(io, storeOptions);
        try {
          // The HTTP stack loads only for `serve` (about a second of start-up that no other command should pay).
          const { createServer, listen } = await import("@memograph/server");
          const server = createServer(memory, {
            access: state.access,
            tasks: state.tasks,
            bodyLimitBytes: options.bodyLimit,
            rateLimit: options.rateLimit === 0 ? false : { requests: options.rateLimit, windowMs: 60_000 },
            corsOrigins: options.cors ?? [],
            ...(await dashboardOption(options.dashboard)),
            log: (entry) => io.stdout(`${JSON.stringify(entry)}\n`),
            runner: options.tasks
              ? { concurrency: Math.max(1, options.taskConcurrency), leaseMs: Math.max(100, options.taskLeaseMs), keepFinishedMs: options.keepTasksDays === 0 ? false : options.keepTasksDays * 86_400_000 }
              : false,
            onRunnerError: (error) => io.stderr(`memograph: task store error: ${error instanceof Error ? error.message : String(error)}\n`),
          });
          const stopping = shutdownSignal();
          const listener = await listen(server, { host: options.host, port: options.port });
          io.stderr(`memograph: listening on ${listener.url} (docs at ${listener.url}/docs)\n`);
          const signal = await stopping;
          io.stderr(`memograph: ${signal}, finishing requests in flight\n`);
          await listener.close();
          await server.close();
        } finally {
          await state.close();
        }
      } finally {
        await memory.close();
      }
    });
}
