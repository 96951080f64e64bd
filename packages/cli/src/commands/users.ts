import type { Command } from "commander";
import type { MemoryService, ScopeListing } from "@memograph/core";

/** What `users` borrows from the program: its common options, its memory and its printer. */
export interface UsersCommandContext<O> {
  readonly withCommon: (command: Command) => Command;
  readonly open: (options: O) => Promise<MemoryService>;
  readonly print: (json: boolean | undefined, value: unknown, text: () => string) => void;
  readonly parsePositiveInt: (value: string) => number;
}

/** One line per user: its id, counts and agents, then how to ask for the next page. */
export function usersText(listing: ScopeListing): string {
  const lines = listing.records.map((user) => {
    const agents = [...new Set(user.scopes.flatMap((usage) => (usage.scope.agentId === undefined ? [] : [usage.scope.agentId])))].sort();
    return `${user.value}  ${user.items} items, ${user.resources} resources, ${user.categories} categories${agents.length > 0 ? `; agents: ${agents.join(", ")}` : ""}`;
  });
  if (lines.length === 0) lines.push("No user holds memories.");
  if (listing.nextCursor !== null) lines.push(`next page: --cursor ${listing.nextCursor}`);
  return lines.join("\n");
}

/** `memograph users`: every user holding memories in the store, in id order (the CLI holds the store, as an admin). */
export function registerUsersCommand<O extends { json?: boolean }>(program: Command, context: UsersCommandContext<O>): void {
  context
    .withCommon(program.command("users").description("list the users holding memories, with their agents and counts"))
    .option("--prefix <text>", "only user ids starting with this")
    .option("--limit <n>", "page size", context.parsePositiveInt, 50)
    .option("--cursor <cursor>", "continue from a previous page")
    .action(async (options: O & { prefix?: string; limit: number; cursor?: string }) => {
      const memory = await context.open(options);
      const listing = await memory.listScopes({ limit: options.limit, ...(options.prefix === undefined ? {} : { prefix: options.prefix }), ...(options.cursor === undefined ? {} : { cursor: options.cursor }) });
      context.print(options.json, listing, () => usersText(listing));
    });
}
