import type { MemoryService, Scope } from "@memograph/core";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { changeLine, runTool, toolCategoryChange, toolResult } from "./tool-results.js";
import { toolInputs, toolOutputs } from "./tool-schemas.js";

const DEFAULT_PAGE = 20;

/**
 * reorganize_categories (a write: a read-only binding leaves it out, dry runs included) and category_changes, bound
 * to `scope`: exactly that scope's categories are planned, changed and logged. `changed` is told after a change.
 */
export function registerCategoryTools(server: McpServer, memory: MemoryService, scope: Scope, { readOnly, changed }: { readonly readOnly: boolean; readonly changed: () => void }): void {
  if (!readOnly) {
    server.registerTool(
      "reorganize_categories",
      {
        title: "Reorganize categories",
        description:
          "Tidy the categories the user's memories are filed in: split those grown too big (by keywords, or by one model call), merge near-empty or overlapping ones, and rewrite the summaries of those that change. " +
          "No memory is lost: memories only move between categories, and each change is logged (category_changes). Call with dryRun: true first to see the plan.",
        inputSchema: toolInputs.reorganizeCategories,
        outputSchema: toolOutputs.reorganizeCategories,
        annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
      },
      (input) =>
        runTool(async () => {
          const result = await memory.reorganize({ ...input, scope });
          if (!result.dryRun && result.changes.length > 0) changed();
          const value = {
            dryRun: result.dryRun,
            changes: result.changes.map(toolCategoryChange),
            skipped: result.skipped.map(({ step, why }) => ({ kind: step.kind, category: step.kind === "split" ? step.category : step.from, why })),
            categories: result.categories.map((category) => ({ id: category.id, name: category.name, description: category.description, itemCount: category.itemCount })),
          };
          const head = value.changes.length === 0 ? "No change: the categories are within the thresholds." : `${value.dryRun ? "Would make" : "Made"} ${value.changes.length} change${value.changes.length === 1 ? "" : "s"}:`;
          return toolResult(value, [head, ...value.changes.map(changeLine), ...value.skipped.map((entry) => `- skipped a ${entry.kind} of ${entry.category}: ${entry.why}`)].join("\n"));
        }),
    );
  }

  server.registerTool(
    "category_changes",
    {
      title: "Category changes",
      description: "The log of how the user's categories were split and merged: which memories moved where, when and why, oldest first, a page at a time (pass nextCursor to continue).",
      inputSchema: toolInputs.categoryChanges,
      outputSchema: toolOutputs.categoryChanges,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (input) =>
      runTool(async () => {
        const page = await memory.categoryChanges({ scope, limit: input.limit ?? DEFAULT_PAGE, ...(input.cursor === undefined ? {} : { cursor: input.cursor }) });
        const changes = page.records.map(toolCategoryChange);
        const more = page.nextCursor ? [`(more: cursor ${page.nextCursor})`] : [];
        return toolResult({ changes, nextCursor: page.nextCursor }, [...(changes.length === 0 ? ["No category changes yet."] : changes.map(changeLine)), ...more].join("\n"));
      }),
  );
}
