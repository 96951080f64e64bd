import type { Command } from "commander";
import type { ItemHistory, MemoryService } from "@memograph/core";
import { itemLine, spanText } from "../format.js";

/** What `history` borrows from the program: its common options, its memory, its scope and its printer. */
export interface HistoryCommandContext<O> {
  readonly withCommon: (command: Command) => Command;
  readonly open: (options: O) => Promise<MemoryService>;
  readonly scopeOf: (options: O) => Record<string, string>;
  readonly print: (json: boolean | undefined, value: unknown, text: () => string) => void;
}

/** Every version oldest first, marking the one asked about, each with its sources and their text. */
export function historyText(history: ItemHistory): string {
  const lines = [`${history.versions.length} version${history.versions.length === 1 ? "" : "s"} of ${history.item.id}, oldest first:`];
  history.versions.forEach(({ item, sources }, index) => {
    lines.push("", `${index + 1}. [${item.status}]${item.id === history.item.id ? " (this one)" : ""} ${itemLine(item)}`);
    for (const source of sources) {
      lines.push(`    ${source.resource.uri} (${source.resource.id}) [${spanText(source.span)}]`);
      for (const line of source.excerpt.split("\n")) lines.push(`      ${line}`);
    }
  });
  return lines.join("\n");
}

/** `memograph history <itemId>`: the versions a memory went through (what superseded what), with their sources. */
export function registerHistoryCommand<O extends { json?: boolean }>(program: Command, context: HistoryCommandContext<O>): void {
  context
    .withCommon(program.command("history <itemId>").description("show every version of a memory, oldest first, with where each came from"))
    .action(async (itemId: string, options: O) => {
      const memory = await context.open(options);
      const history = await memory.history({ scope: context.scopeOf(options), id: itemId });
      context.print(options.json, history, () => historyText(history));
    });
}
