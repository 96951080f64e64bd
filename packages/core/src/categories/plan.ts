import type { CategoryChange } from "../model/index.js";

/** A category as the planners see it: its members (every status), each with its keyword terms. */
export interface CategorySnapshot {
  readonly name: string;
  readonly description: string;
  readonly members: readonly SnapshotMember[];
}

export interface SnapshotMember {
  readonly id: string;
  readonly active: boolean;
  readonly summary: string;
}

export interface SplitStep {
  readonly kind: "split";
  readonly category: string;
  /** New categories carved out of `category`; items listed in no part stay in it. */
  readonly parts: readonly { readonly name: string; readonly description: string; readonly itemIds: readonly string[] }[];
  readonly reason: string;
}

export interface MergeStep {
  readonly kind: "merge";
  readonly from: string;
  readonly into: string;
  readonly reason: string;
}

export type PlanStep = SplitStep | MergeStep;

/** A step as it will be applied, with the moves it makes; what the change log records. */
export type PlannedChange = Omit<CategoryChange, "id" | "scope" | "at" | "method">;

export interface AppliedPlan {
  readonly changes: readonly PlannedChange[];
  /** Steps left out, each with why (a planner may propose what the scope cannot take, e.g. a name in use). */
  readonly skipped: readonly { readonly step: PlanStep; readonly why: string }[];
  /** The new category list of every item that moves. */
  readonly memberships: ReadonlyMap<string, readonly string[]>;
  /** Categories to create: the parts of splits. */
  readonly created: readonly { readonly name: string; readonly description: string }[];
  /** Categories whose members change and that stay: their summaries are rewritten. */
  readonly rewritten: readonly string[];
  /** Categories left with no item: merged away, or split into parts entirely. */
  readonly removed: readonly string[];
}

export const CATEGORY_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/**
 * Checks a plan against the scope's categories and turns it into item moves. Each category takes part in one step at
 * most; a step that names a missing category, reuses a name or would move nothing is skipped with the reason. Items
 * are only ever moved from one category to another, so none loses its last category.
 */
export function applyPlan(categories: readonly CategorySnapshot[], steps: readonly PlanStep[], itemCategories: ReadonlyMap<string, readonly string[]>): AppliedPlan {
  const byName = new Map(categories.map((category) => [category.name, category]));
  const used = new Set<string>();
  const memberships = new Map<string, string[]>();
  const changes: PlannedChange[] = [];
  const skipped: { step: PlanStep; why: string }[] = [];
  const created: { name: string; description: string }[] = [];
  const rewritten = new Set<string>();
  const removed = new Set<string>();
  const move = (itemId: string, from: string, to: string) => {
    const current = memberships.get(itemId) ?? [...(itemCategories.get(itemId) ?? [from])];
    memberships.set(itemId, [...new Set(current.map((name) => (name === from ? to : name)))].sort());
  };

  for (const step of steps) {
    if (step.kind === "merge") {
      const from = byName.get(step.from);
      const why = from === undefined || !byName.has(step.into) ? "names a category the scope lacks"
        : step.from === step.into ? "merges a category into itself"
        : used.has(step.from) || used.has(step.into) ? "touches a category another step changes" : null;
      if (why !== null) {
        skipped.push({ step, why });
        continue;
      }
      used.add(step.from).add(step.into);
      for (const member of from!.members) move(member.id, step.from, step.into);
      changes.push({ kind: "merge", from: [step.from, step.into], to: [step.into], moves: from!.members.map((member) => ({ itemId: member.id, from: step.from, to: step.into })), reason: step.reason });
      rewritten.add(step.into);
      removed.add(step.from);
      continue;
    }
    const category = byName.get(step.category);
    if (category === undefined || used.has(step.category)) {
      skipped.push({ step, why: category === undefined ? "names a category the scope lacks" : "touches a category another step changes" });
      continue;
    }
    const memberIds = new Set(category.members.map((member) => member.id));
    const taken = new Set<string>();
    const parts = step.parts.flatMap((part) => {
      const itemIds = part.itemIds.filter((id) => memberIds.has(id) && !taken.has(id));
      for (const id of itemIds) taken.add(id);
      return itemIds.length === 0 ? [] : [{ ...part, itemIds }];
    });
    const names = parts.map((part) => part.name);
    const why = parts.length === 0 ? "moves no item of the category"
      : names.some((name) => !CATEGORY_NAME.test(name)) ? "names a part outside lower-case letters, digits, _ and -"
      : names.some((name) => byName.has(name) || used.has(name)) || new Set(names).size !== names.length ? "names a part after a category that exists"
      : parts.length === 1 && taken.size === memberIds.size ? "only renames the category" : null;
    if (why !== null) {
      skipped.push({ step, why });
      continue;
    }
    used.add(step.category);
    for (const name of names) used.add(name);
    const moves = parts.flatMap((part) => part.itemIds.map((itemId) => ({ itemId, from: step.category, to: part.name })));
    for (const { itemId, to } of moves) move(itemId, step.category, to);
    created.push(...parts.map((part) => ({ name: part.name, description: part.description })));
    const keeps = taken.size < memberIds.size;
    if (keeps) rewritten.add(step.category);
    else removed.add(step.category);
    changes.push({ kind: "split", from: [step.category], to: [...(keeps ? [step.category] : []), ...names], moves, reason: step.reason });
  }
  for (const [itemId, names] of memberships) {
    // A move replaces one name by another, so this cannot happen; a bug here must not reach the store.
    if (names.length === 0) throw new Error(`Reorganisation would leave item ${itemId} without a category`);
  }
  return { changes, skipped, memberships, created, rewritten: [...rewritten].filter((name) => !removed.has(name)), removed: [...removed] };
}
