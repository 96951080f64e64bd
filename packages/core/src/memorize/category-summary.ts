import type { Item } from "../model/index.js";

const MAX_CITED = 25;

/**
 * The offline category summary: the newest memories of the category as a markdown list, each citing its item id,
 * so every line of a summary traces back to an item and from there to its source.
 */
export function summarizeCategory(items: readonly Item[]): { summary: string; citedItemIds: string[] } {
  const chosen = [...items]
    .sort((a, b) => (b.happenedAt ?? b.createdAt).localeCompare(a.happenedAt ?? a.createdAt) || a.id.localeCompare(b.id))
    .slice(0, MAX_CITED);
  return {
    summary: chosen.map((item) => `- ${item.summary} [${item.id}]`).join("\n"),
    citedItemIds: chosen.map((item) => item.id),
  };
}
