import { readScope, type Engine } from "../engine/engine.js";
import { NotFoundError } from "../errors/index.js";
import { ownCategories } from "../memorize/categories.js";
import { excerptOf } from "../memorize/stored-content.js";
import type { Category, Item, Resource, Scope, Span } from "../model/index.js";
import { getCategory } from "./categories.js";
import type { ScopedIdInput } from "./inputs.js";
import { requireItem } from "./items.js";
import { getResource } from "./resources.js";
import { scopedId } from "./scoped-id.js";

/** Where one item came from: the resource, the span, and the text of that span. */
export interface TraceSource {
  readonly resource: Omit<Resource, "text">;
  readonly span: Span;
  readonly excerpt: string;
}

export interface Trace {
  readonly item: Item;
  readonly sources: readonly TraceSource[];
  readonly categories: readonly Category[];
}

export interface CategoryTrace {
  readonly category: Category;
  /** The items the summary cites, each with its sources. */
  readonly items: readonly { readonly item: Item; readonly sources: readonly TraceSource[] }[];
}

export interface ResourceTrace {
  readonly resource: Resource;
  readonly items: readonly Item[];
  readonly categories: readonly Category[];
}

export interface ItemHistory {
  /** The item asked about. */
  readonly item: Item;
  /** Every version of it along SUPERSEDED_BY links, oldest first (the item included), each with its sources. */
  readonly versions: readonly { readonly item: Item; readonly sources: readonly TraceSource[] }[];
}

export async function trace(engine: Engine, rawInput: ScopedIdInput): Promise<Trace> {
  const { scope, id } = scopedId(engine, rawInput);
  const item = await requireItem(engine, scope, id);
  const own = await ownCategories(engine, item.scope as Scope);
  return { item, sources: await sourcesOf(engine, scope, item), categories: item.categories.flatMap((name) => own.get(name) ?? []) };
}

export async function traceCategory(engine: Engine, rawInput: ScopedIdInput): Promise<CategoryTrace> {
  const { scope, id } = scopedId(engine, rawInput);
  const category = await getCategory(engine, { scope, id });
  const items = await engine.store.getItems(readScope(scope), category.citedItemIds);
  const resources = new Map<string, Promise<Resource | null>>();
  return { category, items: await Promise.all(items.map(async (item) => ({ item, sources: await sourcesOf(engine, scope, item, resources) }))) };
}

export async function traceResource(engine: Engine, rawInput: ScopedIdInput): Promise<ResourceTrace> {
  const { scope, id } = scopedId(engine, rawInput);
  const resource = await getResource(engine, { scope, id });
  const items = await engine.store.itemsFromResource(readScope(scope), id);
  const names = new Set(items.flatMap((item) => item.categories));
  const own = await ownCategories(engine, resource.scope as Scope);
  return { resource, items, categories: [...names].flatMap((name) => own.get(name) ?? []) };
}

export async function history(engine: Engine, rawInput: ScopedIdInput): Promise<ItemHistory> {
  const { scope, id } = scopedId(engine, rawInput);
  const versions = await engine.store.itemVersions(readScope(scope), id);
  const item = versions.find((version) => version.id === id);
  if (item === undefined) throw new NotFoundError("item", id);
  const resources = new Map<string, Promise<Resource | null>>();
  return { item, versions: await Promise.all(versions.map(async (version) => ({ item: version, sources: await sourcesOf(engine, scope, version, resources) }))) };
}

/** `resources` is shared across the items of one call, so a resource cited by many items is read once. */
async function sourcesOf(engine: Engine, scope: Scope, item: Item, resources = new Map<string, Promise<Resource | null>>()): Promise<TraceSource[]> {
  const sources = await Promise.all(
    item.sources.map(async (source) => {
      if (!resources.has(source.resourceId)) resources.set(source.resourceId, engine.store.getResource(readScope(scope), source.resourceId));
      const resource = await resources.get(source.resourceId)!;
      if (resource === null) return [];
      const { text, ...rest } = resource;
      return [{ resource: rest, span: source.span, excerpt: excerptOf(text, source.span) }];
    }),
  );
  return sources.flat();
}
