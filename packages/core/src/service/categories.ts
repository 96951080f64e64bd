import { readScope, type Engine } from "../engine/engine.js";
import { parseInput } from "../engine/inputs.js";
import { NotFoundError, ValidationError } from "../errors/index.js";
import { categoryText, ownCategories } from "../memorize/categories.js";
import { scopeKey, type Category, type Scope } from "../model/index.js";
import type { Embedded } from "../ports/index.js";
import { newId } from "../util/ids.js";
import { createCategoryInputSchema, scopeOnlySchema, updateCategoryInputSchema, type CreateCategoryInput, type ScopedIdInput, type ScopeOnlyInput, type UpdateCategoryInput } from "./inputs.js";
import { scopedId } from "./scoped-id.js";

export async function listCategories(engine: Engine, rawInput: ScopeOnlyInput): Promise<Category[]> {
  const input = parseInput(scopeOnlySchema, rawInput, "listCategories input");
  const scope = engine.scopeSpec.parse(input.scope);
  return engine.store.listCategories(readScope(scope, engine.scopeSpec.parseWhere(input.where)));
}

export async function getCategory(engine: Engine, rawInput: ScopedIdInput): Promise<Category> {
  const { scope, id } = scopedId(engine, rawInput);
  const [category] = await engine.store.getCategories(readScope(scope), [id]);
  if (category === undefined) throw new NotFoundError("category", id);
  return category;
}

export async function createCategory(engine: Engine, rawInput: CreateCategoryInput): Promise<Category> {
  const input = parseInput(createCategoryInputSchema, rawInput, "createCategory input");
  const scope = engine.scopeSpec.parse(input.scope);
  if ((await ownCategories(engine, scope)).has(input.name)) {
    throw new ValidationError(`Category ${input.name} already exists in this scope`, [{ path: "name", message: "already exists" }]);
  }
  const now = engine.now().toISOString();
  const category: Category = { id: newId("cat"), name: input.name, description: input.description, summary: "", citedItemIds: [], itemCount: 0, scope, createdAt: now, updatedAt: now };
  await engine.store.write(scope, { upsertCategories: [await embedCategory(engine, category)] });
  return getCategory(engine, { scope, id: category.id });
}

export async function updateCategory(engine: Engine, rawInput: UpdateCategoryInput): Promise<Category> {
  const input = parseInput(updateCategoryInputSchema, rawInput, "updateCategory input");
  const scope = engine.scopeSpec.parse(input.scope);
  const current = await requireOwnCategory(engine, scope, input.id);
  const updated: Category = { ...current, description: input.description ?? current.description, summary: input.summary ?? current.summary, updatedAt: engine.now().toISOString() };
  await engine.store.write(scope, { upsertCategories: [await embedCategory(engine, updated)] });
  return getCategory(engine, { scope, id: current.id });
}

export async function deleteCategory(engine: Engine, rawInput: ScopedIdInput): Promise<Category> {
  const { scope, id } = scopedId(engine, rawInput);
  const current = await requireOwnCategory(engine, scope, id);
  await engine.store.write(scope, { deleteCategoryIds: [id] });
  return current;
}

async function requireOwnCategory(engine: Engine, scope: Scope, id: string): Promise<Category> {
  const category = await getCategory(engine, { scope, id });
  if (scopeKey(category.scope) !== scopeKey(scope)) throw new NotFoundError("category", id);
  return category;
}

async function embedCategory(engine: Engine, category: Category): Promise<Embedded<Category>> {
  const [embedding] = await engine.embedder.embed([categoryText(category)]);
  return { record: category, embedding: embedding! };
}
