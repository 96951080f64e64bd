import type { Category, CategoryChange, Item, ItemStatus, Resource, Scope, ScopeCondition, Source } from "../model/index.js";
import type { VectorReindex } from "./vector-reindex.js";

export interface EmbedderInfo {
  readonly id: string;
  readonly dimensions: number;
}

export interface Embedded<T> {
  readonly record: T;
  readonly embedding: readonly number[];
}

/**
 * One atomic write. Either every part is applied or none is. When `resource` is given and the scope already holds a
 * resource with the same content hash, nothing is applied and the result says `duplicate` (idempotent memorize).
 */
export interface ChangeSet {
  readonly resource?: Embedded<Resource>;
  /**
   * Created or replaced by id; `record.categories` replaces the item's category links. `context` is the passage of
   * the source the memory comes from (see memorize/source-context.ts): stores index it for keyword search at half
   * weight, never return it, and keep the stored context when an upsert gives none.
   */
  readonly upsertItems?: readonly (Embedded<Item> & { readonly context?: string })[];
  /** Existing items seen again: count + 1, last seen, one more source. */
  readonly reinforce?: readonly { readonly itemId: string; readonly source: Source; readonly at: string }[];
  /**
   * Version links, applied after `upsertItems`: item `itemId` was superseded by `byItemId` (both in this exact
   * scope). Stores keep them as a graph edge, `(:Item)-[:SUPERSEDED_BY]->(:Item)`, walked by `itemVersions`.
   */
  readonly supersede?: readonly { readonly itemId: string; readonly byItemId: string }[];
  readonly deleteItemIds?: readonly string[];
  /** Deleting a resource removes its provenance edges; the caller decides which items go with it. */
  readonly deleteResourceIds?: readonly string[];
  /** Created or replaced, keyed by (scope, name). */
  readonly upsertCategories?: readonly Embedded<Category>[];
  readonly deleteCategoryIds?: readonly string[];
  /**
   * Replaces only these items' category links (after `upsertCategories`), keeping their rows, vectors and sources:
   * a reorganisation moves items without re-embedding them. Every named item and category must be of this exact scope.
   */
  readonly relinkItems?: readonly { readonly itemId: string; readonly categories: readonly string[] }[];
  /** Appended to the scope's category change log (see `listCategoryChanges`). */
  readonly categoryChanges?: readonly CategoryChange[];
}

export type WriteResult =
  | { readonly status: "applied" }
  | { readonly status: "duplicate"; readonly existingResourceId: string };

/** Every read applies these conditions: the caller's scope (exact per key) and any `where` narrowing. */
export interface ReadScope {
  readonly conditions: readonly ScopeCondition[];
}

export interface ItemFilter {
  readonly types?: readonly string[];
  /** Defaults to active items only. */
  readonly statuses?: readonly ItemStatus[];
  readonly happenedAfter?: string;
  readonly happenedBefore?: string;
  /** Only items whose id starts with this: a range on the indexed id, for adapters that put structure in their ids. */
  readonly idPrefix?: string;
  /** Only items created at or after this instant (ISO 8601 in UTC, as `createdAt` is stored). */
  readonly createdFrom?: string;
  /** Only items created before this instant (exclusive, ISO 8601 in UTC). */
  readonly createdTo?: string;
  /** Only items filed in a category of one of these names (in the item's own scope). */
  readonly categories?: readonly string[];
}

export interface PageRequest {
  readonly limit: number;
  /** Opaque, from the previous page's `nextCursor`. */
  readonly cursor?: string;
}

export interface Page<T> {
  readonly records: readonly T[];
  readonly nextCursor: string | null;
}

export type SearchTarget = "item" | "category" | "resource";

export interface SearchHit {
  readonly id: string;
  /** Cosine similarity for vector search, the engine's relevance (higher is better) for text search. */
  readonly score: number;
}

/** How often retrieve returned an item, and when it last did. Items never retrieved have none. */
export interface ItemAccess {
  readonly itemId: string;
  readonly count: number;
  readonly lastAccessedAt: string;
}

/** Accesses to add to an item of exactly `scope`: `count` more, last at `at` (kept if later than the stored one). */
export interface AccessBatchEntry {
  readonly scope: Scope;
  readonly itemId: string;
  readonly count: number;
  readonly at: string;
}

/** One exact scope that holds records, and how many of each (items of every status). */
export interface ScopeUsage {
  readonly scope: Scope;
  readonly items: number;
  readonly resources: number;
  readonly categories: number;
}

/**
 * One value of the partition key (the user, by default) that holds records: its totals and each exact scope under it
 * (its agents and sessions).
 */
export interface PartitionUsage {
  readonly value: string;
  readonly items: number;
  readonly resources: number;
  readonly categories: number;
  readonly scopes: readonly ScopeUsage[];
}

export interface PartitionPageRequest extends PageRequest {
  /** Only values starting with this. */
  readonly prefix?: string;
}

export interface ForgetCounts {
  readonly resources: number;
  readonly items: number;
  readonly categories: number;
}

/**
 * The persistence port. Every method takes the scope and applies it inside the query: a record outside the scope
 * is indistinguishable from a missing one.
 */
/** How the caller's scopes are shaped, as far as a store lays out its data by them. */
export interface StoreLayout {
  /**
   * The scope key every read names (the scope schema's first required key): a store partitions its data and indexes
   * by it unless it was built with another, so a read never scans another partition.
   */
  readonly partitionKey?: string;
}

export interface MemoryStore extends VectorReindex {
  /** Creates or migrates the schema; refuses a store built by another embedder or partitioned by another key. */
  init(embedder: EmbedderInfo, layout?: StoreLayout): Promise<void>;
  close(): Promise<void>;

  /** `scope` is the exact scope the written records carry; categories are unique per (scope, name). */
  write(scope: Scope, changes: ChangeSet): Promise<WriteResult>;

  getResource(read: ReadScope, id: string): Promise<Resource | null>;
  findResourceByHash(scope: Scope, contentHash: string): Promise<Resource | null>;
  listResources(read: ReadScope, page: PageRequest): Promise<Page<Resource>>;

  getItems(read: ReadScope, ids: readonly string[]): Promise<Item[]>;
  listItems(read: ReadScope, filter: ItemFilter, page: PageRequest): Promise<Page<Item>>;
  /** Active items of exactly this scope with one of these content hashes. */
  findItemsByHash(scope: Scope, contentHashes: readonly string[]): Promise<Item[]>;
  /**
   * Every version of the item along its SUPERSEDED_BY links, both ways, oldest first and the item itself included;
   * empty when the item is outside the scope.
   */
  itemVersions(read: ReadScope, id: string): Promise<Item[]>;
  /** Items with a provenance edge to the resource. */
  itemsFromResource(read: ReadScope, resourceId: string): Promise<Item[]>;

  listCategories(read: ReadScope): Promise<Category[]>;
  getCategories(read: ReadScope, ids: readonly string[]): Promise<Category[]>;
  /** The categories these items are filed in (one hop along their category links), each once, by name. */
  categoriesOfItems(read: ReadScope, itemIds: readonly string[]): Promise<Category[]>;
  /** The category change log of the scope (and the scopes inside it), oldest first, paged by (at, id). */
  listCategoryChanges(read: ReadScope, page: PageRequest): Promise<Page<CategoryChange>>;
  /** Active items linked to the category, most recently updated first. */
  categoryItems(read: ReadScope, categoryId: string, limit: number): Promise<Item[]>;

  vectorSearch(target: SearchTarget, read: ReadScope, vector: readonly number[], k: number, filter?: ItemFilter): Promise<SearchHit[]>;
  /** `query` is plain text: the store must treat every character literally, never as query syntax. */
  textSearch(target: SearchTarget, read: ReadScope, query: string, k: number, filter?: ItemFilter): Promise<SearchHit[]>;

  /**
   * Adds a batch of accesses in one write. An item deleted since, or not of the entry's exact scope, is skipped:
   * usage is a signal, not a record a retrieve must be able to write.
   */
  recordAccesses(accesses: readonly AccessBatchEntry[]): Promise<void>;
  /** The access counts of those of these items that were ever accessed. */
  itemAccesses(read: ReadScope, ids: readonly string[]): Promise<ItemAccess[]>;

  /**
   * Every value of the partition key that holds records, in value order, a page at a time: the one read that is not
   * bounded by a scope, for administrators (see `MemoryService.listScopes`).
   */
  listPartitions(page: PartitionPageRequest): Promise<Page<PartitionUsage>>;

  /** Erases every node inside the scope, embeddings and history included. */
  forget(read: ReadScope): Promise<ForgetCounts>;
}
