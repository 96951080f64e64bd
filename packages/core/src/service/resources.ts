import { readScope, type Engine } from "../engine/engine.js";
import { parseInput } from "../engine/inputs.js";
import { NotFoundError } from "../errors/index.js";
import { rebuildCategories } from "../memorize/categories.js";
import { sourceContext } from "../memorize/source-context.js";
import { storedContent } from "../memorize/stored-content.js";
import { itemWindows } from "../memorize/unit-window.js";
import { embedWithItems } from "../memorize/vector-text.js";
import { scopeKey, type Item, type Resource, type Scope } from "../model/index.js";
import type { Embedded, Page } from "../ports/index.js";
import { listResourcesInputSchema, type ListResourcesInput, type ScopedIdInput } from "./inputs.js";
import { scopedId } from "./scoped-id.js";
import { crudSummarizer } from "./summaries.js";

export interface DeleteResourceResult {
  readonly resourceId: string;
  /** Items drawn only from this resource, deleted with it. */
  readonly deletedItemIds: readonly string[];
  /** Items also supported by other resources: kept, minus this source. */
  readonly keptItemIds: readonly string[];
}

export async function getResource(engine: Engine, rawInput: ScopedIdInput): Promise<Resource> {
  const { scope, id } = scopedId(engine, rawInput);
  const resource = await engine.store.getResource(readScope(scope), id);
  if (resource === null) throw new NotFoundError("resource", id);
  return resource;
}

export async function listResources(engine: Engine, rawInput: ListResourcesInput): Promise<Page<Resource>> {
  const input = parseInput(listResourcesInputSchema, rawInput, "listResources input");
  const scope = engine.scopeSpec.parse(input.scope);
  return engine.store.listResources(readScope(scope, engine.scopeSpec.parseWhere(input.where)), { limit: input.limit, ...(input.cursor === undefined ? {} : { cursor: input.cursor }) });
}

export async function deleteResource(engine: Engine, rawInput: ScopedIdInput): Promise<DeleteResourceResult> {
  const { scope, id } = scopedId(engine, rawInput);
  const resource = await engine.store.getResource(readScope(scope), id);
  if (resource === null || scopeKey(resource.scope) !== scopeKey(scope)) throw new NotFoundError("resource", id);
  const derived = await engine.store.itemsFromResource(readScope(scope), id);
  const only = derived.filter((item) => item.sources.every((source) => source.resourceId === id));
  const kept = derived.filter((item) => !only.includes(item));
  const deleted = new Set(only.map((item) => item.id));
  const categories = await rebuildCategories(engine, scope, derived.flatMap((item) => item.categories), { upserted: [], deletedIds: deleted }, { summarize: crudSummarizer(engine) });
  await engine.store.write(scope, { deleteItemIds: [...deleted], deleteResourceIds: [id], upsertCategories: categories, upsertItems: await withoutSource(engine, scope, kept, id) });
  return { resourceId: id, deletedItemIds: [...deleted], keptItemIds: kept.map((item) => item.id) };
}

/**
 * The kept items of a deleted resource, minus that source, each with its search context and vector taken again from
 * the first source that remains: what was indexed from the deleted resource must not keep its words findable.
 */
async function withoutSource(engine: Engine, scope: Scope, kept: readonly Item[], resourceId: string): Promise<(Embedded<Item> & { context: string })[]> {
  const records = kept.map((item) => ({ ...item, sources: item.sources.filter((source) => source.resourceId !== resourceId) }));
  const remaining = await Promise.all([...new Set(records.map((record) => record.sources[0]!.resourceId))].map((id) => engine.store.getResource(readScope(scope), id)));
  const contextIn = new Map(remaining.flatMap((resource) => (resource === null ? [] : [[resource.id, sourceContext(storedContent(resource))] as const])));
  const windows = await itemWindows(engine.store, readScope(scope), records, remaining.filter((resource) => resource !== null));
  const { items: vectors } = await embedWithItems(engine.embedder, [], records.map((record, index) => ({ summary: record.summary, window: windows[index]! })));
  return records.map((record, index) => {
    const first = record.sources[0]!;
    return { record, embedding: vectors[index]!, context: contextIn.get(first.resourceId)?.(first.span) ?? "" };
  });
}
