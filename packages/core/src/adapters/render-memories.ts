import type { Item } from "../model/index.js";

/** The line adapters put before recalled memories in a prompt. */
export const MEMORIES_HEADER = "What you remember about the user (use it when relevant):";

/** Memories as a prompt-ready bullet list, each on one line with the day it happened when known. */
export function renderMemories(items: readonly Pick<Item, "summary" | "happenedAt">[]): string {
  // One memory, one line: a line break inside a memory cannot start a bullet that reads as another memory.
  return items.map((item) => `- ${item.summary.replace(/\s*[\r\n\u2028\u2029]+\s*/g, " ")}${item.happenedAt ? ` (${item.happenedAt.slice(0, 10)})` : ""}`).join("\n");
}

/**
 * Recalled text inside `<memories>` … `</memories>`. Memories are data, often quoted from other people: a
 * `<memories>` or `</memories>` tag inside them is written `&lt;…` so it can neither close the block early (and
 * put what follows outside it, where it reads as instructions) nor open a new one.
 */
export function memoriesBlock(body: string): string {
  return `<memories>\n${body.replace(/<(\s*\/?\s*memories)/gi, "&lt;$1")}\n</memories>`;
}
