import { readScope, type Engine } from "../engine/engine.js";
import { parseInput } from "../engine/inputs.js";
import { NotFoundError, ValidationError } from "../errors/index.js";
import { categoryChoices, ownCategories, rebuildCategories } from "../memorize/categories.js";
import { itemHash } from "../memorize/item-hash.js";
import { itemWindows } from "../memorize/unit-window.js";
import { embedWithItems } from "../memorize/vector-text.js";
import { scopeKey, scopedItemId, type Item, type Scope } from "../model/index.js";
import type { ChangeSet, Page } from "../ports/index.js";
import { categoriesFor } from "../providers/offline/classify.js";
import { newId } from "../util/ids.js";
import { createItemInputSchema, listItemsInputSchema, supersedeItemInputSchema, updateItemInputSchema, type CreateItemInput, type ListItemsInput, type ScopedIdInput, type SupersedeItemInput, type UpdateItemInput } from "./inputs.js";
import { scopedId } from "./scoped-id.js";
import { crudSummarizer } from "./summaries.js";

// Items by hand: each write rewrites the summaries of the categories it touches, in the same store write.

export async function getItem(engine: Engine, rawInput: ScopedIdInput): Promise<Item> {
  const { scope, id } = scopedId(engine, rawInput);
  return requireItem(engine, scope, id);
}

export async function listItems(engine: Engine, rawInput: ListItemsInput): Promise<Page<Item>> {
  const input = parseInput(listItemsInputSchema, rawInput, "listItems input");
  const scope = engine.scopeSpec.parse(input.scope);
  const where = engine.scopeSpec.parseWhere(input.where);
  return engine.store.listItems(
    readScope(scope, where),
    {
      ...(input.types === undefined ? {} : { types: input.types }),
      ...(input.idPrefix === undefined ? {} : { idPrefix: input.idPrefix }),
      ...(input.createdFrom === undefined ? {} : { createdFrom: input.createdFrom }),
      ...(input.createdTo === undefined ? {} : { createdTo: input.createdTo }),
      ...(input.categories === undefined ? {} : { categories: input.categories }),
      statuses: input.status === "all" ? ["active", "superseded"] : [input.status],
    },
    { limit: input.limit, ...(input.cursor === undefined ? {} : { cursor: input.cursor }) },
  );
}

export async function createItem(engine: Engine, rawInput: CreateItemInput): Promise<Item> {
  const input = parseInput(createItemInputSchema, rawInput, "createItem input");
  const scope = engine.scopeSpec.parse(input.scope);
  checkType(engine, input.type);
  const now = engine.now().toISOString();
  const id = input.id === undefined ? newId("itm") : scopedItemId(scope, input.id);
  if (input.id !== undefined && (await engine.store.getItems(readScope(scope), [id])).length > 0) {
    throw new ValidationError(`Item ${input.id} already exists in this scope`, [{ path: "id", message: "already exists" }]);
  }
  const categories = input.categories ?? (await defaultCategories(engine, scope, input.summary));
  const item: Item = {
    id,
    type: input.type,
    summary: input.summary,
    happenedAt: input.happenedAt ?? null,
    contentHash: itemHash(input.type, input.summary),
    reinforcementCount: 1,
    lastReinforcedAt: null,
    status: "active",
    scope,
    sources: [],
    categories: [...new Set(categories)],
    metadata: input.metadata,
    createdAt: now,
    updatedAt: now,
  };
  await writeItemChange(engine, scope, [item], new Set(), item.categories);
  return requireItem(engine, scope, item.id);
}

export async function updateItem(engine: Engine, rawInput: UpdateItemInput): Promise<Item> {
  const input = parseInput(updateItemInputSchema, rawInput, "updateItem input");
  const scope = engine.scopeSpec.parse(input.scope);
  const current = await requireOwnItem(engine, scope, input.id);
  if (input.type !== undefined) checkType(engine, input.type);
  const type = input.type ?? current.type;
  const summary = input.summary ?? current.summary;
  const item: Item = {
    ...current,
    type,
    summary,
    contentHash: itemHash(type, summary),
    happenedAt: input.happenedAt === undefined ? current.happenedAt : input.happenedAt,
    categories: input.categories === undefined ? current.categories : [...new Set(input.categories)],
    metadata: input.metadata ?? current.metadata,
    updatedAt: engine.now().toISOString(),
  };
  await writeItemChange(engine, scope, [item], new Set(), [...current.categories, ...item.categories]);
  return requireItem(engine, scope, item.id);
}

export async function supersedeItem(engine: Engine, rawInput: SupersedeItemInput): Promise<{ superseded: Item; by: Item }> {
  const input = parseInput(supersedeItemInputSchema, rawInput, "supersedeItem input");
  const scope = engine.scopeSpec.parse(input.scope);
  if (input.id === input.by) throw new ValidationError("An item cannot supersede itself", [{ path: "by", message: "must differ from id" }]);
  const old = await requireOwnItem(engine, scope, input.id);
  const by = await requireOwnItem(engine, scope, input.by);
  if (old.status === "superseded" && old.metadata.supersededBy === by.id) return { superseded: old, by };
  if (old.status !== "active") throw new ValidationError(`Item ${old.id} is already superseded`, [{ path: "id", message: "already superseded" }]);
  if (by.status !== "active") throw new ValidationError(`Item ${by.id} is superseded`, [{ path: "by", message: "must be active" }]);
  const now = engine.now().toISOString();
  const superseded: Item = { ...old, status: "superseded", metadata: { ...old.metadata, supersededBy: by.id }, updatedAt: now };
  const replacing: Item = { ...by, metadata: { ...by.metadata, supersedes: old.id }, updatedAt: now };
  await writeItemChange(engine, scope, [superseded, replacing], new Set(), [...old.categories, ...by.categories], [{ itemId: old.id, byItemId: by.id }]);
  return { superseded: await requireItem(engine, scope, old.id), by: await requireItem(engine, scope, by.id) };
}

export async function deleteItem(engine: Engine, rawInput: ScopedIdInput): Promise<Item> {
  const { scope, id } = scopedId(engine, rawInput);
  const current = await requireOwnItem(engine, scope, id);
  await writeItemChange(engine, scope, [], new Set([id]), current.categories);
  return current;
}

export async function requireItem(engine: Engine, scope: Scope, id: string): Promise<Item> {
  const [item] = await engine.store.getItems(readScope(scope), [id]);
  if (item === undefined) throw new NotFoundError("item", id);
  return item;
}

/** Writes act on the exact scope: an item of a narrower scope is changed through that scope. */
async function requireOwnItem(engine: Engine, scope: Scope, id: string): Promise<Item> {
  const item = await requireItem(engine, scope, id);
  if (scopeKey(item.scope) !== scopeKey(scope)) throw new NotFoundError("item", id);
  return item;
}

function checkType(engine: Engine, type: string): void {
  if (!engine.memoryTypes.includes(type)) {
    throw new ValidationError(`Unknown memory type ${JSON.stringify(type)}`, [{ path: "type", message: `expected one of ${engine.memoryTypes.join(", ")}` }]);
  }
}

async function defaultCategories(engine: Engine, scope: Scope, summary: string): Promise<string[]> {
  const choices = categoryChoices(engine, await ownCategories(engine, scope));
  return categoriesFor(summary, choices, "knowledge");
}

async function writeItemChange(engine: Engine, scope: Scope, upserted: Item[], deletedIds: Set<string>, touched: readonly string[], supersede: ChangeSet["supersede"] = []): Promise<void> {
  const categories = await rebuildCategories(engine, scope, touched, { upserted, deletedIds }, { summarize: crudSummarizer(engine) });
  // An item memorized from a source keeps its source's window in its vector, as memorize computed it.
  const windows = await itemWindows(engine.store, readScope(scope), upserted);
  const { items: vectors } = await embedWithItems(engine.embedder, [], upserted.map((item, index) => ({ summary: item.summary, window: windows[index]! })));
  await engine.store.write(scope, {
    upsertItems: upserted.map((record, index) => ({ record, embedding: vectors[index]! })),
    deleteItemIds: [...deletedIds],
    upsertCategories: categories,
    supersede,
  });
}
