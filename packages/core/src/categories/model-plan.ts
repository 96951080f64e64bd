import { z } from "zod";
import type { ModelSession } from "../models/model-session.js";
import type { Prompts } from "../models/prompts.js";
import type { ReorganizeThresholds } from "./keyword-plan.js";
import { CATEGORY_NAME, type CategorySnapshot, type PlanStep } from "./plan.js";

/** Memories of one big category shown to the model, and of all big ones together: a bound on the prompt. */
const MAX_SHOWN_PER_CATEGORY = 150;
const MAX_SHOWN = 400;
const SAMPLES = 3;

const reason = z.string().trim().min(1).max(500);

interface StructureAnswer {
  readonly splits?: readonly { category: string; parts: { name: string; description: string; itemIds: string[] }[]; reason: string }[];
  readonly merges: readonly { from: string; into: string; reason: string }[];
}

/**
 * The structure the model proposes. Names it picks from are enums of the categories shown; item ids an enum of the
 * memories shown; a part's name must be a valid category name. Which category a part's ids belong to, and names in
 * use, are checked after parsing (applyPlan), where a bad step is skipped rather than failing the whole answer.
 */
export function structureSchema(names: readonly [string, ...string[]], big: readonly string[], shownIds: readonly string[]): z.ZodType<StructureAnswer> {
  const merges = z.array(z.object({ from: z.enum(names), into: z.enum(names), reason }));
  if (big.length === 0 || shownIds.length === 0) return z.object({ merges });
  const part = z.object({ name: z.string().regex(CATEGORY_NAME), description: z.string().trim().max(300), itemIds: z.array(z.enum(shownIds as [string, ...string[]])).min(1) });
  return z.object({ splits: z.array(z.object({ category: z.enum(big as [string, ...string[]]), parts: z.array(part).min(1).max(10), reason })), merges });
}

/**
 * One model call proposes the whole new structure: which big categories to split into which parts (with the ids of
 * the memories of each), and which categories to merge. Null when there is nothing to ask about (a single category
 * that is not too big).
 */
export async function modelPlan(session: ModelSession, prompts: Prompts, categories: readonly CategorySnapshot[], thresholds: ReorganizeThresholds): Promise<PlanStep[] | null> {
  const sorted = [...categories].sort((a, b) => a.name.localeCompare(b.name));
  const active = (category: CategorySnapshot) => category.members.filter((member) => member.active);
  const big = sorted.filter((category) => active(category).length > thresholds.splitAbove);
  if (sorted.length < 2 && big.length === 0) return null;
  let budget = MAX_SHOWN;
  const shown = new Map(big.map((category) => {
    const members = active(category).slice(0, Math.min(MAX_SHOWN_PER_CATEGORY, budget));
    budget -= members.length;
    return [category.name, members] as const;
  }));
  const shownIds = [...new Set([...shown.values()].flat().map((member) => member.id))];
  const user = [
    `Split categories with more than ${thresholds.splitAbove} memories into parts of related memories (at most ${thresholds.maxParts} parts each); merge categories with at most ${thresholds.mergeAtMost} memories, or that cover one topic.`,
    "Categories:",
    ...sorted.map((category) => {
      const samples = shown.has(category.name) ? "" : `; e.g. ${active(category).slice(0, SAMPLES).map((member) => JSON.stringify(member.summary)).join(", ") || "(empty)"}`;
      return `- ${category.name} (${active(category).length} memories): ${category.description || "no description"}${samples}`;
    }),
    ...[...shown].flatMap(([name, members]) => ["", `Memories of ${name}:`, ...members.map((member) => `[${member.id}] ${member.summary}`)]),
  ].join("\n");
  const schema = structureSchema(sorted.map((category) => category.name) as [string, ...string[]], big.map((category) => category.name), shownIds);
  const answer = await session.object("reorganize", { system: prompts.reorganize, user, schema, schemaName: "category_structure" });
  const splits = answer.splits ?? [];
  return [
    ...splits.map((split): PlanStep => ({ kind: "split", category: split.category, parts: split.parts.slice(0, thresholds.maxParts), reason: split.reason })),
    ...answer.merges.map((merge): PlanStep => ({ kind: "merge", from: merge.from, into: merge.into, reason: merge.reason })),
  ];
}
