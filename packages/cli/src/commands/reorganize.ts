import { InvalidArgumentError, Option, type Command } from "commander";
import type { CategoryChange, MemoryService, ReorganizeResult } from "@memograph/core";
import type { HistoryCommandContext } from "./history.js";

function changeLine(change: CategoryChange): string {
  const verb = change.kind === "split" ? `split ${change.from[0]} into ${change.to.join(", ")}` : `merged ${change.from[0]} into ${change.to[0]}`;
  return `${change.at} ${verb} (${change.method}, ${change.moves.length} item${change.moves.length === 1 ? "" : "s"} moved): ${change.reason}`;
}

export function reorganizeText(result: ReorganizeResult): string {
  const head = result.changes.length === 0 ? "No change: the categories are within the thresholds." : `${result.dryRun ? "Would make" : "Made"} ${result.changes.length} change${result.changes.length === 1 ? "" : "s"}:`;
  return [head, ...result.changes.map((change) => `  ${changeLine(change)}`), ...result.skipped.map((entry) => `  skipped a proposed ${entry.step.kind}: ${entry.why}`)].join("\n");
}

function parseCount(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError("expected a whole number");
  return parsed;
}

/** `memograph categories reorganize` and `memograph categories changes`, under the `categories` command. */
export function registerCategoryCommands<O extends { json?: boolean }>(categories: Command, context: HistoryCommandContext<O>): void {
  // `categories` takes the common options too: after a subcommand's name they are the subcommand's (the program
  // enables positional options as well, which this needs).
  categories.enablePositionalOptions();
  context
    .withCommon(categories.command("reorganize").description("split categories grown too big, merge near-empty or overlapping ones; each change is logged"))
    .addOption(new Option("--method <method>", "keywords (offline clustering) or model (one call); default: model when one is configured").choices(["keywords", "model"]))
    .option("--split-above <n>", "split a category with more active items than this (default 50)", parseCount)
    .option("--merge-at-most <n>", "merge a category with at most this many active items (default 1)", parseCount)
    .option("--dry-run", "show the plan, change nothing")
    .action(async (options: O & { method?: "keywords" | "model"; splitAbove?: number; mergeAtMost?: number; dryRun?: boolean }) => {
      const memory: MemoryService = await context.open(options);
      const result = await memory.reorganize({
        scope: context.scopeOf(options),
        ...(options.method === undefined ? {} : { method: options.method }),
        ...(options.splitAbove === undefined ? {} : { splitAbove: options.splitAbove }),
        ...(options.mergeAtMost === undefined ? {} : { mergeAtMost: options.mergeAtMost }),
        dryRun: options.dryRun === true,
      });
      context.print(options.json, result, () => reorganizeText(result));
    });
  context
    .withCommon(categories.command("changes").description("the log of category splits and merges, oldest first"))
    .option("--limit <n>", "page size", parseCount, 50)
    .option("--cursor <cursor>", "continue from a previous page")
    .action(async (options: O & { limit: number; cursor?: string }) => {
      const memory = await context.open(options);
      const page = await memory.categoryChanges({ scope: context.scopeOf(options), limit: options.limit, ...(options.cursor === undefined ? {} : { cursor: options.cursor }) });
      context.print(options.json, page, () => [...page.records.map(changeLine), ...(page.nextCursor ? [`next page: --cursor ${page.nextCursor}`] : [])].join("\n") || "No category changes yet.");
    });
}
