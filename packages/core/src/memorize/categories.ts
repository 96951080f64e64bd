import { readScope, type Engine } from "../engine/engine.js";
import type { Category, CategoryDefinition, Item, Scope } from "../model/index.js";
import { scopeKey } from "../model/index.js";
import type { Embedded } from "../ports/index.js";
import { newId } from "../util/ids.js";
import type { CategorySummarizer } from "./category-summary.js";

/** The scope's own categories (not those of narrower scopes inside it), by name. */
export async function ownCategories(engine: Engine, scope: Scope): Promise<Map<string, Category>> {
  const key = scopeKey(scope);
  const all = await engine.store.listCategories(readScope(scope));
  return new Map(all.filter((category) => scopeKey(category.scope) === key).map((category) => [category.name, category]));
}

/** The category definitions extractors choose from: built-in ones plus those the scope already has. */
export function categoryChoices(engine: Engine, own: Map<string, Category>): { name: string; description: string }[] {
  const byName = new Map(engine.categories.map((definition) => [definition.name, definition]));
  for (const category of own.values()) if (!byName.has(category.name)) byName.set(category.name, category);
  return [...byName.values()];
}

/**
 * Rewrites the summaries of the named categories as they will be after a write that upserts `upserted` items and
 * deletes `deletedIds`; creates the categories that do not exist yet. Returns the records to upsert in that write.
 */
export async function rebuildCategories(
  engine: Engine,
  scope: Scope,
  names: Iterable<string>,
  change: { upserted: readonly Item[]; deletedIds: ReadonlySet<string> },
  options: { summarize: CategorySummarizer; own?: ReadonlyMap<string, Category>; descriptions?: readonly CategoryDefinition[] },
): Promise<Embedded<Category>[]> {
  const own = options.own ?? (await ownCategories(engine, scope));
  const now = engine.now().toISOString();
  const changedIds = new Set([...change.upserted.map((item) => item.id), ...change.deletedIds]);
  const definitions = [...(options.descriptions ?? []), ...engine.categories];
  const records: Category[] = await Promise.all(
    [...new Set(names)].map(async (name) => {
      const existing = own.get(name);
      const stored = existing === undefined ? [] : await engine.store.categoryItems(readScope(scope), existing.id, 200);
      const members = [...stored.filter((item) => !changedIds.has(item.id)), ...change.upserted.filter((item) => item.status === "active" && item.categories.includes(name))];
      const description = existing?.description ?? definitions.find((candidate) => candidate.name === name)?.description ?? "";
      const { summary, citedItemIds } = await options.summarize({ name, description, previous: existing?.summary ?? "" }, members);
      return {
        id: existing?.id ?? newId("cat"),
        name,
        description,
        summary,
        citedItemIds: [...citedItemIds],
        itemCount: members.length,
        scope,
        createdAt: existing?.createdAt ?? now,
        updatedAt: now,
      };
    }),
  );
  const vectors = await engine.embedder.embed(records.map(categoryText));
  return records.map((record, index) => ({ record, embedding: vectors[index]! }));
}

export function categoryText(category: Pick<Category, "name" | "description" | "summary">): string {
  return `${category.name.replace(/_/g, " ")}: ${category.description}\n${category.summary}`;
}
