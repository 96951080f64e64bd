import type { Item } from "../model/index.js";

/** The line adapters put before recalled memories in a prompt. */
export const MEMORIES_HEADER = "What you remember about the user (use it when relevant):";

/** Memories as a prompt-ready bullet list, each with the day it happened when known. */
export function renderMemories(items: readonly Pick<Item, "summary" | "happenedAt">[]): string {
  return items.map((item) => `- ${item.summary}${item.happenedAt ? ` (${item.happenedAt.slice(0, 10)})` : ""}`).join("\n");
}
