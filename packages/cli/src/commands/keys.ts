import { Option, type Command } from "commander";
import type { ApiKeyRecord, CreateKeyInput, KeyRole, ServerState } from "@memograph/core";
import type { CliIo } from "../io.js";
import { openServerState, type ServerStateOptions } from "../open-server-state.js";

interface KeyCommandOptions extends ServerStateOptions {
  json?: boolean;
}

function withStore(command: Command): Command {
  return command
    .option("--store <store>", "embedded or neo4j (env MEMOGRAPH_STORE; neo4j reads NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, MEMOGRAPH_NAMESPACE)")
    .option("--dir <dir>", "embedded store folder (env MEMOGRAPH_DIR, default ./.memograph)")
    .option("--config <file>", "config file (default: memograph.config.{ts,mjs,js,json} in the working folder)")
    .option("--json", "print one JSON document on stdout");
}

/** One line per key: id, role, user, access, state and name. */
function keyLine(key: ApiKeyRecord, now: Date): string {
  const state = key.revokedAt !== null ? `revoked ${key.revokedAt}` : key.expiresAt !== null && Date.parse(key.expiresAt) <= now.getTime() ? `expired ${key.expiresAt}` : key.expiresAt !== null ? `active until ${key.expiresAt}` : "active";
  const who = key.role === "admin" ? "admin" : `member of ${key.userId}`;
  return [key.id, who, key.readOnly ? "read-only" : "read-write", state, `last used ${key.lastUsedAt ?? "never"}`, ...(key.name === null ? [] : [JSON.stringify(key.name)])].join("  ");
}

/** Runs `work` on the server state of the command's store, closing it afterwards. */
async function withState<T>(io: CliIo, options: ServerStateOptions, work: (state: ServerState) => Promise<T>): Promise<T> {
  const state = await openServerState(io, options);
  try {
    return await work(state);
  } finally {
    await state.close();
  }
}

/** `memograph keys create|list|revoke`: API keys of the server, on the same store it uses (running or not). */
export function registerKeyCommands(program: Command, io: CliIo): void {
  const keys = program.command("keys").description("create, list and revoke the server's API keys");
  const print = (json: boolean | undefined, value: unknown, text: string) => io.stdout(`${json ? JSON.stringify(value, null, 2) : text}\n`);

  withStore(keys.command("create").description("create an API key; the key is printed once and never shown again"))
    .addOption(new Option("--role <role>", "admin (every scope, keys) or member (one user's scope)").choices(["admin", "member"]).makeOptionMandatory())
    .option("--user <id>", "the user a member key is bound to")
    .option("--read-only", "the key may read and retrieve, never write")
    .option("--name <label>", "a label to recognise the key by")
    .option("--expires <iso>", "expiry time, ISO 8601 (e.g. 2027-01-31T00:00:00Z)")
    .action(async (options: KeyCommandOptions & { role: KeyRole; user?: string; readOnly?: boolean; name?: string; expires?: string }) => {
      const input: CreateKeyInput = {
        role: options.role,
        ...(options.user === undefined ? {} : { userId: options.user }),
        ...(options.readOnly ? { readOnly: true } : {}),
        ...(options.name === undefined ? {} : { name: options.name }),
        ...(options.expires === undefined ? {} : { expiresAt: options.expires }),
      };
      const { key, record } = await withState(io, options, (state) => state.access.createKey(input));
      if (options.json) return print(true, { id: record.id, key, record }, "");
      print(false, null, [`Created ${keyLine(record, new Date())}`, "", `  ${key}`, "", "This key is shown once: store it now."].join("\n"));
    });

  withStore(keys.command("list").description("list API keys (never their secrets)")).action(async (options: KeyCommandOptions) => {
    const records = await withState(io, options, (state) => state.access.listKeys());
    const now = new Date();
    print(options.json, records, records.length === 0 ? "No keys yet: memograph keys create --role admin" : records.map((record) => keyLine(record, now)).join("\n"));
  });

  withStore(keys.command("revoke <id>").description("revoke an API key at once")).action(async (id: string, options: KeyCommandOptions) => {
    const record = await withState(io, options, (state) => state.access.revokeKey(id));
    print(options.json, record, `Revoked ${keyLine(record, new Date())}`);
  });
}
