import { ValidationError } from "../errors/index.js";
import type { Category, CategoryChange, Item, Scope } from "../model/index.js";
import { scopeKey } from "../model/index.js";
import type { Page } from "../ports/index.js";
import { operation, readScope, type Engine } from "../engine/engine.js";
import type { Usage } from "../engine/usage.js";
import { ownCategories, rebuildCategories } from "../memorize/categories.js";
import { summarizerFor } from "../memorize/category-summary.js";
import { allPages } from "../util/all-pages.js";
import { newId } from "../util/ids.js";
import { keywordPlan } from "./keyword-plan.js";
import { modelPlan } from "./model-plan.js";
import { applyPlan, type CategorySnapshot, type PlanStep } from "./plan.js";
import { categoryChangesInputSchema, reorganizeInputSchema, type CategoryChangesInput, type ReorganizeInput } from "./reorganize-input.js";

export interface ReorganizeResult {
  /** The splits and merges made (or, with `dryRun`, that would be), as the change log records them. */
  readonly changes: readonly CategoryChange[];
  /** Proposed steps left out, with why. */
  readonly skipped: readonly { readonly step: PlanStep; readonly why: string }[];
  /** The scope's categories afterwards (before, with `dryRun`). */
  readonly categories: readonly Category[];
  readonly dryRun: boolean;
  readonly usage: Usage;
}

/**
 * Reorganises the categories of exactly one scope: splits those grown too big, merges near-empty and overlapping
 * ones, rewrites the summaries of every category whose members change, and records each change. One store write
 * applies it all or nothing. Items move from one category to another only, so none is left without a category;
 * items and categories of other scopes (narrower ones included) are neither read for the plan nor touched.
 */
export async function reorganizeCategories(engine: Engine, rawInput: ReorganizeInput): Promise<ReorganizeResult> {
  const parsed = reorganizeInputSchema.safeParse(rawInput);
  if (!parsed.success) throw ValidationError.fromZod("reorganize input", parsed.error);
  const input = parsed.data;
  const scope = engine.scopeSpec.parse(input.scope);
  const { usage, session } = operation(engine, "reorganize");
  const key = scopeKey(scope);
  const own = await ownCategories(engine, scope);
  const items = await usage.step("load", () => ownItems(engine, scope, key));
  const snapshots: CategorySnapshot[] = [...own.values()].map((category) => ({
    name: category.name,
    description: category.description,
    members: items.filter((item) => item.categories.includes(category.name)).map((item) => ({ id: item.id, active: item.status === "active", summary: item.summary })),
  }));
  const method = input.method ?? (session.hasChat("reorganize") ? "model" : "keywords");
  const steps = await usage.step("plan", async () => (method === "model" ? ((await modelPlan(session, engine.prompts, snapshots, input)) ?? []) : keywordPlan(snapshots, input)));
  const plan = applyPlan(snapshots, steps, new Map(items.map((item) => [item.id, item.categories])));
  const at = engine.now().toISOString();
  // One id per run, numbered: the log reads in (at, id) order, so the changes of a run read in the order applied.
  const run = newId("chg");
  const changes: CategoryChange[] = plan.changes.map((change, index) => ({ id: `${run}-${String(index).padStart(3, "0")}`, ...change, method, scope, at }));
  if (input.dryRun || changes.length === 0) return { changes, skipped: plan.skipped, categories: [...own.values()], dryRun: input.dryRun, usage: usage.finish() };

  const moved = items.filter((item) => plan.memberships.has(item.id)).map((item): Item => ({ ...item, categories: [...plan.memberships.get(item.id)!] }));
  const categories = await usage.step("summarize", () =>
    rebuildCategories(engine, scope, [...plan.rewritten, ...plan.created.map((part) => part.name)], { upserted: moved, deletedIds: new Set() }, { summarize: summarizerFor(engine, session), own, descriptions: plan.created }),
  );
  await usage.step("persist", () =>
    engine.store.write(scope, {
      deleteCategoryIds: plan.removed.map((name) => own.get(name)!.id),
      upsertCategories: categories,
      relinkItems: moved.map((item) => ({ itemId: item.id, categories: item.categories })),
      categoryChanges: changes,
    }),
  );
  const after = await ownCategories(engine, scope);
  return { changes, skipped: plan.skipped, categories: [...after.values()], dryRun: false, usage: usage.finish() };
}

/** Every item (active and superseded) of exactly this scope: narrower scopes keep their own categories. */
async function ownItems(engine: Engine, scope: Scope, key: string): Promise<Item[]> {
  const all = await allPages((cursor) => engine.store.listItems(readScope(scope), { statuses: ["active", "superseded"] }, { limit: 500, ...(cursor === undefined ? {} : { cursor }) }));
  return all.filter((item) => scopeKey(item.scope) === key);
}

/** The scope's category change log, oldest first. */
export async function categoryChanges(engine: Engine, rawInput: CategoryChangesInput): Promise<Page<CategoryChange>> {
  const parsed = categoryChangesInputSchema.safeParse(rawInput);
  if (!parsed.success) throw ValidationError.fromZod("categoryChanges input", parsed.error);
  const input = parsed.data;
  const scope = engine.scopeSpec.parse(input.scope);
  return engine.store.listCategoryChanges(readScope(scope), { limit: input.limit, ...(input.cursor === undefined ? {} : { cursor: input.cursor }) });
}
