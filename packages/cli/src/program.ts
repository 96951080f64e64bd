import path from "node:path";
import { Command, CommanderError, Option } from "commander";
import { MemographError, allPages, type Item, type MemoryService, type Resource, type Category } from "@memograph/core";
import { registerHistoryCommand } from "./commands/history.js";
import { registerUsersCommand } from "./commands/users.js";
import { registerCategoryCommands } from "./commands/reorganize.js";
import { registerKeyCommands } from "./commands/keys.js";
import { registerMcpCommand } from "./commands/mcp.js";
import { registerReindexCommand } from "./commands/reindex.js";
import { categoryLine, itemLine, traceText } from "./format.js";
import { EXIT, type CliIo } from "./io.js";
import { openMemory, type StoreOptions } from "./open-memory.js";
import { forgetExistingTasks } from "./open-server-state.js";
import { withProgress } from "./progress.js";
import { registerServe } from "./commands/serve.js";
import { CLI_VERSION } from "./version.js";

interface CommonOptions {
  store?: string;
  provider?: string;
  config?: string;
  dir?: string;
  user?: string;
  agent?: string;
  session?: string;
  json?: boolean;
}

/** Thrown for command-line misuse the parser cannot catch (for example `forget` without `--yes`). */
class UsageError extends Error {}

function scopeOf(io: CliIo, options: CommonOptions): Record<string, string> {
  return {
    userId: options.user ?? io.env.MEMOGRAPH_USER ?? "default",
    ...(options.agent === undefined ? {} : { agentId: options.agent }),
    ...(options.session === undefined ? {} : { sessionId: options.session }),
  };
}

function withCommon(command: Command): Command {
  return command
    .option("--store <store>", "embedded or neo4j (env MEMOGRAPH_STORE; neo4j reads NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD)")
    .option("--dir <dir>", "embedded store folder (env MEMOGRAPH_DIR, default ./.memograph)")
    .addOption(new Option("--provider <provider>", "models: openai (default when OPENAI_API_KEY is set; OPENAI_BASE_URL honoured) or offline").choices(["offline", "openai"]))
    .option("--config <file>", "config file (default: memograph.config.{ts,mjs,js,json} in the working folder)")
    .option("--user <id>", "user scope (env MEMOGRAPH_USER, default \"default\")")
    .option("--agent <id>", "agent scope")
    .option("--session <id>", "session scope")
    .option("--json", "print one JSON document on stdout");
}

function parsePositiveInt(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new UsageError(`expected a positive integer, got ${JSON.stringify(value)}`);
  return parsed;
}

/** `key=value` pairs into a memU-style where filter; `key__in=a,b` gives a list. */
function parseWhere(pairs: readonly string[] | undefined): Record<string, string | string[]> | undefined {
  if (pairs === undefined || pairs.length === 0) return undefined;
  const where: Record<string, string | string[]> = {};
  for (const pair of pairs) {
    const index = pair.indexOf("=");
    if (index <= 0) throw new UsageError(`--where expects key=value, got ${JSON.stringify(pair)}`);
    const key = pair.slice(0, index);
    const value = pair.slice(index + 1);
    where[key] = key.endsWith("__in") ? value.split(",") : value;
  }
  return where;
}

/** Runs one CLI invocation and returns its exit code: 0 success, 2 bad input, 1 failure. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const program = new Command("memograph")
    .description("Agent memory with provenance: memorize conversations and documents, retrieve, trace, forget.")
    .version(CLI_VERSION)
    // Options after a command's name are that command's (`categories reorganize --user x` is reorganize's --user).
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  let memory: MemoryService | undefined;
  const open = async (options: CommonOptions & StoreOptions) => (memory ??= await openMemory(io, options));
  const print = (json: boolean | undefined, value: unknown, text: () => string) => io.stdout(`${json ? JSON.stringify(value, null, 2) : text()}\n`);

  withCommon(program.command("memorize <source>").description("memorize a file (conversation or document) or an http(s) URL"))
    .addOption(new Option("--modality <modality>", "override detection").choices(["conversation", "document", "image", "audio", "video"]))
    .option("--allow-host <host...>", "hosts a URL source may be fetched from")
    .option("--max-bytes <n>", "refuse sources larger than this (default 25 MiB)", parsePositiveInt)
    .action(async (source: string, options: CommonOptions & { modality?: string; allowHost?: string[]; maxBytes?: number }) => {
      const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(source);
      const resourceUrl = isUrl ? source : path.resolve(io.cwd, source);
      // The file named on the command line is the one the user chose to share: its folder is the allowed root.
      const m = await open({ ...options, roots: isUrl ? [] : [path.dirname(resourceUrl)], allowHosts: options.allowHost ?? [], ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}) });
      const result = await withProgress(io, `memorizing ${source}`, m.memorize({ resourceUrl, scope: scopeOf(io, options), ...(options.modality ? { modality: options.modality as Resource["modality"] } : {}) }));
      print(options.json, result, () => {
        const verb = result.created ? "Memorized" : "Already memorized";
        return `${verb} ${result.resource.uri} as ${result.resource.id} (${result.resource.modality}): ${result.items.length} items in ${result.categories.length} categories, ${result.usage.durationMs.toFixed(0)} ms, ${result.usage.modelCalls} model calls`;
      });
    });

  withCommon(program.command("retrieve <query>").description("retrieve memories for a query, with provenance"))
    .option("--top-k <n>", "items to return", parsePositiveInt, 10)
    .addOption(new Option("--method <method>", "retrieval method").choices(["rag", "llm"]).default("rag"))
    .option("--type <type...>", "only these memory types")
    .option("--where <key=value...>", "narrow the scope, e.g. agentId=a or sessionId__in=s1,s2")
    .addOption(new Option("--ranking <ranking>", "relevance, or salience: relevance × reinforcement and use × recency decay (rag)").choices(["relevance", "salience"]).default("relevance"))
    .option("--half-life-days <n>", "recency half-life of salience ranking (default 30)", parsePositiveInt)
    .action(async (query: string, options: CommonOptions & { topK: number; method: "rag" | "llm"; type?: string[]; where?: string[]; ranking: "relevance" | "salience"; halfLifeDays?: number }) => {
      const m = await open(options);
      const where = parseWhere(options.where);
      const result = await m.retrieve({
        query, scope: scopeOf(io, options), method: options.method, topK: { items: options.topK }, ranking: options.ranking,
        ...(options.halfLifeDays ? { halfLifeDays: options.halfLifeDays } : {}), ...(options.type ? { types: options.type } : {}), ...(where ? { where } : {}),
      });
      print(options.json, result, () =>
        [
          `${result.items.length} items for ${JSON.stringify(query)} (${result.usage.durationMs.toFixed(1)} ms, ${result.usage.modelCalls} model calls)`,
          ...result.items.map((item) => itemLine(item, item.score)),
          ...(result.categories.length ? ["", `Categories: ${result.categories.map((category) => category.name).join(", ")}`] : []),
          ...(result.resources.length ? [`Resources: ${result.resources.map((resource) => `${resource.uri} (${resource.id})`).join(", ")}`] : []),
        ].join("\n"),
      );
    });

  withCommon(program.command("items").description("list memories, oldest first"))
    .option("--limit <n>", "page size", parsePositiveInt, 50)
    .option("--cursor <cursor>", "continue from a previous page")
    .option("--type <type...>", "only these memory types")
    .addOption(new Option("--status <status>", "superseded versions are hidden unless asked for").choices(["active", "superseded", "all"]).default("active"))
    .option("--from <time>", "only items created at or after this ISO 8601 time or date")
    .option("--to <time>", "only items created before this ISO 8601 time or date")
    .action(async (options: CommonOptions & { limit: number; cursor?: string; type?: string[]; status: "active" | "superseded" | "all"; from?: string; to?: string }) => {
      const m = await open(options);
      const range = { ...(options.from ? { createdFrom: options.from } : {}), ...(options.to ? { createdTo: options.to } : {}) };
      const page = await m.listItems({ scope: scopeOf(io, options), limit: options.limit, status: options.status, ...range, ...(options.cursor ? { cursor: options.cursor } : {}), ...(options.type ? { types: options.type } : {}) });
      print(options.json, page, () => [...page.records.map((item) => itemLine(item)), ...(page.nextCursor ? [`next page: --cursor ${page.nextCursor}`] : [])].join("\n"));
    });

  const categories = withCommon(program.command("categories").description("list categories with their summaries; reorganize them; their change log"))
    .option("--summaries", "print each summary")
    .action(async (options: CommonOptions & { summaries?: boolean }) => {
      const m = await open(options);
      const categories = await m.listCategories({ scope: scopeOf(io, options) });
      print(options.json, categories, () => categories.map((category) => `${categoryLine(category)}${options.summaries && category.summary ? `\n${category.summary.replace(/^/gm, "    ")}` : ""}`).join("\n"));
    });

  withCommon(program.command("trace <itemId>").description("show where a memory came from: resource, span, text, categories")).action(async (itemId: string, options: CommonOptions) => {
    const m = await open(options);
    const trace = await m.trace({ scope: scopeOf(io, options), id: itemId });
    print(options.json, trace, () => traceText(trace));
  });

  withCommon(program.command("forget").description("erase every memory of the scope (needs --yes)"))
    .option("--yes", "confirm the erasure")
    .action(async (options: CommonOptions & { yes?: boolean }) => {
      if (!options.yes) throw new UsageError("forget erases every memory of the scope; repeat with --yes to confirm");
      const m = await open(options);
      // Where a server over this store keeps the scope's tasks (its conversations) beside its memories, they go first.
      const scope = scopeOf(io, options);
      await forgetExistingTasks(io, options, scope);
      const counts = await m.forget({ scope });
      print(options.json, counts, () => `Forgot ${counts.resources} resources, ${counts.items} items, ${counts.categories} categories`);
    });

  withCommon(program.command("export").description("print every resource, item and category of the scope as JSON")).action(async (options: CommonOptions) => {
    const m = await open(options);
    const scope = scopeOf(io, options);
    const resources: Resource[] = await allPages((cursor) => m.listResources({ scope, limit: 200, ...(cursor ? { cursor } : {}) }));
    const items: Item[] = await allPages((cursor) => m.listItems({ scope, limit: 500, status: "all", ...(cursor ? { cursor } : {}) }));
    const categories: Category[] = await m.listCategories({ scope });
    io.stdout(`${JSON.stringify({ scope, resources, items, categories }, null, 2)}\n`);
  });

  registerMcpCommand(program, io, open);
  registerServe(program.command("serve"), io);
  const context = { withCommon, open, print, scopeOf: (options: CommonOptions) => scopeOf(io, options) };
  registerHistoryCommand(program, context);
  registerCategoryCommands(categories, context);
  registerKeyCommands(program, io);
  registerUsersCommand(program, { withCommon, open, print, parsePositiveInt });
  registerReindexCommand(program, io, parsePositiveInt);

  try {
    await program.parseAsync([...argv], { from: "user" });
    return EXIT.ok;
  } catch (error) {
    return report(io, argv.includes("--json"), error);
  } finally {
    await memory?.close();
  }
}

function report(io: CliIo, json: boolean, error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version exit through here with code 0; the parser already printed its message.
    return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
  }
  const known = MemographError.isInstance(error);
  const code = error instanceof UsageError ? "USAGE" : known ? error.code : "INTERNAL";
  const message = (error as Error).message;
  io.stderr(json ? `${JSON.stringify({ error: { code, message, ...(known && error.field ? { field: error.field } : {}) } })}\n` : `memograph: ${message}\n`);
  if (error instanceof UsageError || (known && error.isInputError)) return EXIT.badInput;
  return EXIT.failure;
}
