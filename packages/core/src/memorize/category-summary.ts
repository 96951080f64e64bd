import { z } from "zod";
import type { Engine } from "../engine/engine.js";
import type { Item } from "../model/index.js";
import type { ModelSession } from "../models/model-session.js";
import type { Prompts } from "../models/prompts.js";

const MAX_CITED = 25;
const MAX_MEMBERS_SHOWN = 60;

export interface CategorySummary {
  readonly summary: string;
  readonly citedItemIds: readonly string[];
}

/** Writes a category's summary from its active members; `previous` is the summary stored until now. */
export type CategorySummarizer = (category: { name: string; description: string; previous: string }, members: readonly Item[]) => Promise<CategorySummary>;

function newestFirst(items: readonly Item[]): Item[] {
  return [...items].sort((a, b) => (b.happenedAt ?? b.createdAt).localeCompare(a.happenedAt ?? a.createdAt) || a.id.localeCompare(b.id));
}

/**
 * The offline category summary: the newest memories of the category as a markdown list, each citing its item id,
 * so every line of a summary traces back to an item and from there to its source.
 */
export const listSummarizer: CategorySummarizer = async (_category, members) => {
  const chosen = newestFirst(members).slice(0, MAX_CITED);
  return { summary: chosen.map((item) => `- ${item.summary} [${item.id}]`).join("\n"), citedItemIds: chosen.map((item) => item.id) };
};

/** A summary cites the memories it was given, by an enum of their ids. */
export const categorySummarySchema = (ids: readonly [string, ...string[]]) =>
  z.object({ summary: z.string().trim().min(1).max(20_000), citedItemIds: z.array(z.enum(ids)).min(1) });

/** One model call per category: the earlier summary merged with the members, citing the item ids it draws on. */
export function modelSummarizer(session: ModelSession, prompts: Prompts): CategorySummarizer {
  return async (category, members) => {
    if (members.length === 0) return { summary: "", citedItemIds: [] };
    const shown = newestFirst(members).slice(0, MAX_MEMBERS_SHOWN);
    const schema = categorySummarySchema(shown.map((item) => item.id) as [string, ...string[]]);
    const user = [
      `Category: ${category.name} (${category.description || "no description"})`,
      `Earlier summary:\n${category.previous || "(none)"}`,
      "Memories:",
      ...shown.map((item) => `[${item.id}]${item.happenedAt === null ? "" : ` (${item.happenedAt})`} ${item.summary}`),
    ].join("\n");
    const answer = await session.object("summarize", { system: prompts.summarize, user, schema, schemaName: "category_summary" });
    return { summary: answer.summary, citedItemIds: [...new Set(answer.citedItemIds)] };
  };
}

/** Category summaries are written by the model when one serves the summarize step, else as a cited list. */
export function summarizerFor(engine: Engine, session: ModelSession): CategorySummarizer {
  return session.hasChat("summarize") ? modelSummarizer(session, engine.prompts) : listSummarizer;
}
