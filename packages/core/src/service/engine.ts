import type { Category, CategoryDefinition, Item, Scope, ScopeSpec } from "../model/index.js";
import { scopeConditions, scopeKey } from "../model/index.js";
import { summarizeCategory } from "../memorize/category-summary.js";
import type { Embedded, Embedder, MemoryExtractor, MemoryStore, ReadScope, ResourceLoader } from "../ports/index.js";
import { sha256 } from "../util/hash.js";
import { newId } from "../util/ids.js";
import { normalizeWhitespace } from "../util/text.js";

/** What the service's operations share: the configured ports and settings. */
export interface Engine {
  readonly store: MemoryStore;
  readonly embedder: Embedder;
  readonly extractor: MemoryExtractor;
  readonly loader: ResourceLoader;
  readonly scopeSpec: ScopeSpec;
  readonly memoryTypes: readonly string[];
  readonly categories: readonly CategoryDefinition[];
  readonly now: () => Date;
}

/** Reads limited to exactly this scope (and whatever lies inside it). */
export function readScope(scope: Scope, where: ReadScope["conditions"] = []): ReadScope {
  return { conditions: scopeConditions(scope, where) };
}

/** Items with the same type and text (case and spacing aside) are the same memory. */
export function itemHash(type: string, summary: string): string {
  return sha256(`${type}\n${normalizeWhitespace(summary).toLowerCase()}`);
}

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
  own?: ReadonlyMap<string, Category>,
): Promise<Embedded<Category>[]> {
  own ??= await ownCategories(engine, scope);
  const now = engine.now().toISOString();
  const changedIds = new Set([...change.upserted.map((item) => item.id), ...change.deletedIds]);
  const records: Category[] = [];
  for (const name of new Set(names)) {
    const existing = own.get(name);
    const stored = existing === undefined ? [] : await engine.store.categoryItems(readScope(scope), existing.id, 200);
    const members = [...stored.filter((item) => !changedIds.has(item.id)), ...change.upserted.filter((item) => item.status === "active" && item.categories.includes(name))];
    const { summary, citedItemIds } = summarizeCategory(members);
    const definition = engine.categories.find((candidate) => candidate.name === name);
    records.push({
      id: existing?.id ?? newId("cat"),
      name,
      description: existing?.description ?? definition?.description ?? "",
      summary,
      citedItemIds,
      itemCount: members.length,
      scope,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    });
  }
  const vectors = await engine.embedder.embed(records.map(categoryText));
  return records.map((record, index) => ({ record, embedding: vectors[index]! }));
}

export function categoryText(category: Pick<Category, "name" | "description" | "summary">): string {
  return `${category.name.replace(/_/g, " ")}: ${category.description}\n${category.summary}`;
}
