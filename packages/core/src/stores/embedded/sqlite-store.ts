import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import path from "node:path";
import * as sqliteVec from "sqlite-vec";
import { MemographError, StoreFailureError, StoreMismatchError } from "../../errors/index.js";
import type { Category, CategoryChange, Item, Resource, Scope, ScopeCondition, Source } from "../../model/index.js";
import { scopeKey } from "../../model/index.js";
import type {
  AccessBatchEntry,
  ChangeSet,
  Embedded,
  EmbedderInfo,
  ForgetCounts,
  ItemAccess,
  ItemFilter,
  MemoryStore,
  Page,
  PageRequest,
  PartitionPageRequest,
  PartitionUsage,
  ReadScope,
  ReindexRecord,
  ReindexVector,
  SearchHit,
  SearchTarget,
  StoreLayout,
  StoredEmbedder,
  WriteResult,
} from "../../ports/index.js";
import { decodeCursor, encodeCursor } from "../../util/cursor.js";
import { KEYWORD_TEXT, KeywordIndex, keywordDocument } from "./keyword-index.js";
import { NewRowKeywords } from "./new-row-keywords.js";
import { MarkdownMirror } from "./markdown-files.js";
import { StatementCache } from "./statement-cache.js";
import { migrate } from "./migrations.js";
import { listPartitions } from "./partition-listing.js";
import { toCategory, toItem, toResource, type CategoryRow, type ItemRow, type ResourceRow } from "./rows.js";
import { META_SQL, NODE_TABLES, SCHEMA_SQL, SCHEMA_VERSION, VECTOR_TABLES, vectorTableSql } from "./schema.js";
import * as reindex from "./vector-reindex.js";

export interface SqliteStoreOptions {
  /** Folder holding `memograph.db` and the category markdown files; omit for an in-memory store. */
  readonly dir?: string;
  /**
   * The scope key vectors and keyword statistics are partitioned by. Default: the one `init` is given (the scope
   * schema's first required key), else `userId`. A search inside one partition never scans another's vectors.
   */
  readonly partitionKey?: string;
}

type Params = unknown[];

/** How far `itemVersions` walks each way. */
const MAX_VERSIONS = 1000;

function itemFilterSql(alias: string, filter: ItemFilter, params: Params): string {
  let sql = "";
  const statuses = filter.statuses ?? ["active"];
  params.push(JSON.stringify(statuses));
  sql += ` AND ${alias}.status IN (SELECT value FROM json_each(?))`;
  if (filter.types !== undefined) {
    params.push(JSON.stringify(filter.types));
    sql += ` AND ${alias}.type IN (SELECT value FROM json_each(?))`;
  }
  if (filter.happenedAfter !== undefined) {
    params.push(filter.happenedAfter);
    sql += ` AND ${alias}.happened_at >= ?`;
  }
  if (filter.happenedBefore !== undefined) {
    params.push(filter.happenedBefore);
    sql += ` AND ${alias}.happened_at <= ?`;
  }
  if (filter.createdFrom !== undefined) {
    params.push(filter.createdFrom);
    sql += ` AND ${alias}.created_at >= ?`;
  }
  if (filter.createdTo !== undefined) {
    params.push(filter.createdTo);
    sql += ` AND ${alias}.created_at < ?`;
  }
  if (filter.categories !== undefined) {
    params.push(JSON.stringify(filter.categories));
    sql += ` AND EXISTS (SELECT 1 FROM item_categories l JOIN categories c ON c.id = l.category_id WHERE l.item_id = ${alias}.id AND c.name IN (SELECT value FROM json_each(?)))`;
  }
  if (filter.idPrefix !== undefined) {
    // A range rather than LIKE, so the id index answers it; ids are ASCII, all below "~".
    params.push(filter.idPrefix, `${filter.idPrefix}~`);
    sql += ` AND ${alias}.id >= ? AND ${alias}.id < ?`;
  }
  return sql;
}

/** The item filters on alias `t` when searching items; other targets have none. */
function itemFilterFor(target: SearchTarget, filter: ItemFilter, params: Params): string {
  return target === "item" ? itemFilterSql("t", filter, params) : "";
}

/**
 * The embedded default store: one SQLite file (better-sqlite3) with memograph's BM25 keyword index (keyword-index.ts)
 * and sqlite-vec for vector search, in WAL mode with full sync, so a crash loses no acknowledged write and leaves
 * nothing half-done.
 */
export class SqliteStore implements MemoryStore {
  private readonly db: Database.Database;
  private readonly mirror: MarkdownMirror | null;
  private readonly chosenPartitionKey: string | undefined;
  private partitionKey = "userId";
  private readonly keywords: KeywordIndex;
  private readonly statements: StatementCache;

  constructor(options: SqliteStoreOptions = {}) {
    this.chosenPartitionKey = options.partitionKey;
    if (options.dir !== undefined) {
      mkdirSync(options.dir, { recursive: true });
      this.db = new Database(path.join(options.dir, "memograph.db"));
      this.mirror = new MarkdownMirror(path.join(options.dir, "categories"));
    } else {
      this.db = new Database(":memory:");
      this.mirror = null;
    }
    sqliteVec.load(this.db);
    this.statements = new StatementCache(this.db);
    this.keywords = new KeywordIndex(this.statements);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = FULL");
    this.db.pragma("foreign_keys = ON");
    this.db.pragma("busy_timeout = 10000");
    // Erasure must erase: deleted rows are overwritten with zeros, not left readable in free pages.
    this.db.pragma("secure_delete = ON");
    // Searches revisit the same postings and rows: keep 64 MiB of them in SQLite's page cache and map the first
    // 256 MiB of the file. Mapped pages count in the process's resident memory: mapping a whole store of a million
    // memories would hold gigabytes there, where reads past the map go through the OS page cache instead.
    this.db.pragma("cache_size = -65536");
    this.db.pragma(`mmap_size = ${2 ** 28}`);
  }

  async init(embedder: EmbedderInfo, layout: StoreLayout = {}): Promise<void> {
    this.partitionKey = this.chosenPartitionKey ?? layout.partitionKey ?? "userId";
    this.db.transaction(() => {
      this.db.exec(META_SQL);
      const meta = new Map(this.statements.prepare<[], { key: string; value: string }>("SELECT key, value FROM meta").all().map((row) => [row.key, row.value]));
      if (meta.size === 0) {
        this.db.exec(SCHEMA_SQL);
        const insert = this.statements.prepare("INSERT INTO meta (key, value) VALUES (?, ?)");
        insert.run("schema_version", String(SCHEMA_VERSION));
        insert.run("embedder_id", embedder.id);
        insert.run("dimensions", String(embedder.dimensions));
        insert.run("partition_key", this.partitionKey);
      } else {
        const version = Number(meta.get("schema_version"));
        if (version > SCHEMA_VERSION) throw new StoreMismatchError(`This store has schema version ${version}; this memograph reads up to ${SCHEMA_VERSION}. Upgrade memograph.`);
        if (meta.get("embedder_id") !== embedder.id || meta.get("dimensions") !== String(embedder.dimensions)) {
          const underWay = meta.get("reindex_embedder_id") === embedder.id ? ` A reindex to ${embedder.id} is under way: run \`memograph reindex\` again to finish it.` : "";
          throw new StoreMismatchError(
            `This store was built by embedder ${meta.get("embedder_id")} (${meta.get("dimensions")} dimensions); ` +
              `the configured one is ${embedder.id} (${embedder.dimensions}). Use the same embedder, a new store, or \`memograph reindex\` to re-embed this one.${underWay}`,
          );
        }
        if (meta.get("partition_key") !== this.partitionKey) {
          throw new StoreMismatchError(`This store is partitioned by scope key ${meta.get("partition_key")}, not ${this.partitionKey}. To keep it, give the store partitionKey: ${JSON.stringify(meta.get("partition_key"))}.`);
        }
        if (version < SCHEMA_VERSION) {
          migrate(this.db, version);
          this.statements.prepare("UPDATE meta SET value = ? WHERE key = 'schema_version'").run(String(SCHEMA_VERSION));
        }
      }
      this.db.exec(vectorTableSql(embedder.dimensions));
      this.db.exec(reindex.REINDEX_SQL);
    }).immediate();
  }

  // ---- reindex (vector-reindex.ts) ----

  async storedEmbedder(): Promise<StoredEmbedder | null> {
    return reindex.storedEmbedder(this.db);
  }

  async beginReindex(embedder: EmbedderInfo): Promise<void> {
    this.guard("begin a reindex", () => reindex.beginReindex(this.db, embedder));
  }

  async reindexPending(target: SearchTarget, afterId: string | null, limit: number): Promise<ReindexRecord[]> {
    return reindex.reindexPending(this.db, target, afterId, limit);
  }

  async writeReindexVectors(vectors: readonly ReindexVector[]): Promise<void> {
    this.guard("write reindex vectors", () => reindex.writeReindexVectors(this.db, vectors));
  }

  async finishReindex(): Promise<boolean> {
    return this.guard("finish a reindex", () => reindex.finishReindex(this.db));
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  // ---- writes ----

  async write(scope: Scope, changes: ChangeSet): Promise<WriteResult> {
    const key = scopeKey(scope);
    const part = this.partOf(scope);
    let removedCategories: Category[] = [];
    const result = this.guard("write", () => this.db.transaction((): WriteResult => {
      if (changes.resource !== undefined) {
        const existing = this.statements.prepare<[string, string], { id: string }>("SELECT id FROM resources WHERE scope_key = ? AND content_hash = ?").get(key, changes.resource.record.contentHash);
        if (existing !== undefined) return { status: "duplicate", existingResourceId: existing.id };
      }
      removedCategories = this.categoriesByIds(key, changes.deleteCategoryIds ?? []);
      for (const id of changes.deleteItemIds ?? []) this.deleteNode("item", key, id);
      for (const id of changes.deleteResourceIds ?? []) this.deleteNode("resource", key, id);
      for (const id of changes.deleteCategoryIds ?? []) this.deleteNode("category", key, id);
      const added = new NewRowKeywords(this.statements, key, part);
      for (const category of changes.upsertCategories ?? []) this.upsertCategory(scope, key, part, category, added);
      if (changes.resource !== undefined) this.insertResource(scope, key, part, changes.resource, added);
      for (const item of changes.upsertItems ?? []) this.upsertItem(scope, key, part, item, added);
      added.flush();
      for (const { itemId, source, at } of changes.reinforce ?? []) this.reinforce(key, itemId, source, at);
      for (const { itemId, byItemId } of changes.supersede ?? []) this.supersede(key, itemId, byItemId);
      for (const { itemId, categories } of changes.relinkItems ?? []) this.relink(key, itemId, categories);
      for (const change of changes.categoryChanges ?? []) this.logCategoryChange(scope, key, part, change);
      return { status: "applied" };
    }).immediate());
    if (result.status === "applied" && this.mirror !== null) {
      await this.mirror.remove(removedCategories);
      const names = JSON.stringify((changes.upsertCategories ?? []).map((category) => category.record.name));
      await this.mirror.write(this.categoryRows("WHERE c.scope_key = ? AND c.name IN (SELECT value FROM json_each(?))", [key, names]));
    }
    return result;
  }

  async recordAccesses(accesses: readonly AccessBatchEntry[]): Promise<void> {
    if (accesses.length === 0) return;
    const add = this.statements.prepare(
      `INSERT INTO item_accesses (item_id, count, last_accessed_at) SELECT id, ?, ? FROM items WHERE id = ? AND scope_key = ?
       ON CONFLICT (item_id) DO UPDATE SET count = count + excluded.count, last_accessed_at = max(last_accessed_at, excluded.last_accessed_at)`,
    );
    this.guard("record accesses", () => this.db.transaction(() => {
      for (const { scope, itemId, count, at } of accesses) add.run(count, at, itemId, scopeKey(scope));
    }).immediate());
  }

  /** Runs a write, turning driver errors into StoreFailureError (the transaction has rolled back by then). */
  private guard<T>(operation: string, run: () => T): T {
    try {
      return run();
    } catch (error) {
      if (MemographError.isInstance(error)) throw error;
      throw new StoreFailureError(`The embedded store failed to ${operation}: ${(error as Error).message}`, { cause: error });
    }
  }

  private partOf(scope: Scope): string {
    return scope[this.partitionKey] ?? "";
  }

  private deleteNode(target: SearchTarget, key: string, id: string): void {
    const table = NODE_TABLES[target];
    const row = this.statements.prepare<[string, string], { rid: number }>(`SELECT rid FROM ${table} WHERE id = ? AND scope_key = ?`).get(id, key);
    if (row === undefined) return;
    this.statements.prepare(`DELETE FROM ${VECTOR_TABLES[target]} WHERE rid = ?`).run(BigInt(row.rid));
    this.statements.prepare(`DELETE FROM ${table} WHERE rid = ?`).run(row.rid);
  }

  /** Stores a node's vector; `replace` when the node may have one already (a new row has none to delete). */
  private setVector(target: SearchTarget, rid: number | bigint, part: string, embedding: readonly number[], replace = true): void {
    const table = VECTOR_TABLES[target];
    if (replace) this.statements.prepare(`DELETE FROM ${table} WHERE rid = ?`).run(BigInt(rid));
    this.statements.prepare(`INSERT INTO ${table} (rid, part, embedding) VALUES (?, ?, ?)`).run(BigInt(rid), part, new Float32Array(embedding));
    // A vector a reindex under way made of the node's previous text is stale now: the reindex embeds it again.
    this.statements.prepare("DELETE FROM reindex_vectors WHERE tbl = ? AND rid = ?").run(NODE_TABLES[target], BigInt(rid));
  }

  private insertResource(scope: Scope, key: string, part: string, { record, embedding }: Embedded<Resource>, added: NewRowKeywords): void {
    const document = keywordDocument(KEYWORD_TEXT.resources(record));
    const { keywords, length } = document;
    const info = this.statements
      .prepare("INSERT INTO resources (id, scope, scope_key, part, uri, modality, content_hash, caption, text, metadata, created_at, keywords, keyword_len) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .run(record.id, JSON.stringify(scope), key, part, record.uri, record.modality, record.contentHash, record.caption, record.text, JSON.stringify(record.metadata), record.createdAt, keywords, length);
    added.add("resources", info.lastInsertRowid, document);
    this.setVector("resource", info.lastInsertRowid, part, embedding, false);
  }

  private upsertCategory(scope: Scope, key: string, part: string, { record, embedding }: Embedded<Category>, added: NewRowKeywords): void {
    const document = keywordDocument(KEYWORD_TEXT.categories(record));
    const { keywords, length } = document;
    const existed = this.categoryExists(key, record.name);
    // Its update's trigger replaces the entries it has: they must be in the index, even if this write added the row.
    if (existed) added.flush();
    const row = this.statements
      .prepare<unknown[], { rid: number }>(
        `INSERT INTO categories (id, scope, scope_key, part, name, description, summary, cited, created_at, updated_at, keywords, keyword_len)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (scope_key, name) DO UPDATE SET description = excluded.description, summary = excluded.summary,
           cited = excluded.cited, updated_at = excluded.updated_at, keywords = excluded.keywords, keyword_len = excluded.keyword_len
         RETURNING rid`,
      )
      .get(record.id, JSON.stringify(scope), key, part, record.name, record.description, record.summary, JSON.stringify(record.citedItemIds), record.createdAt, record.updatedAt, keywords, length);
    if (!existed) added.add("categories", row!.rid, document);
    this.setVector("category", row!.rid, part, embedding);
  }

  private upsertItem(scope: Scope, key: string, part: string, { record, embedding, context: given }: Embedded<Item> & { readonly context?: string }, added: NewRowKeywords): void {
    const owner = this.statements.prepare<[string], { scope_key: string; context: string | null }>("SELECT scope_key, context FROM items WHERE id = ?").get(record.id);
    if (owner !== undefined && owner.scope_key !== key) throw new StoreFailureError(`Item ${record.id} belongs to another scope`, { field: "id" });
    // A new item (the bulk of a memorize or an import) has no vector, sources, links or index entries to replace.
    const existed = owner !== undefined;
    if (existed) added.flush();
    const context = given ?? owner?.context ?? null;
    const document = keywordDocument(KEYWORD_TEXT.items(record), context);
    const { keywords, length } = document;
    const row = this.statements
      .prepare<unknown[], { rid: number }>(
        `INSERT INTO items (id, scope, scope_key, part, type, summary, happened_at, content_hash, reinforcement_count,
           last_reinforced_at, status, metadata, created_at, updated_at, context, keywords, keyword_len)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET type = excluded.type, summary = excluded.summary, happened_at = excluded.happened_at,
           content_hash = excluded.content_hash, reinforcement_count = excluded.reinforcement_count,
           last_reinforced_at = excluded.last_reinforced_at, status = excluded.status, metadata = excluded.metadata,
           updated_at = excluded.updated_at, context = excluded.context, keywords = excluded.keywords, keyword_len = excluded.keyword_len
         RETURNING rid`,
      )
      .get(record.id, JSON.stringify(scope), key, part, record.type, record.summary, record.happenedAt, record.contentHash, record.reinforcementCount, record.lastReinforcedAt, record.status, JSON.stringify(record.metadata), record.createdAt, record.updatedAt, context, keywords, length);
    if (!existed) added.add("items", row!.rid, document);
    this.setVector("item", row!.rid, part, embedding, existed);
    if (existed) this.statements.prepare("DELETE FROM item_sources WHERE item_id = ?").run(record.id);
    record.sources.forEach((source, position) => this.addSource(key, record.id, source, position));
    if (existed) this.statements.prepare("DELETE FROM item_categories WHERE item_id = ?").run(record.id);
    this.linkCategories(key, record.id, record.categories, "categories");
  }

  /** Links the item to the named categories of its scope (its old links already removed). */
  private linkCategories(key: string, itemId: string, names: readonly string[], field: string): void {
    // A link's `active` is its item's, read from the row just written, as the status trigger keeps it (schema.ts).
    const link = this.statements.prepare(
      "INSERT OR IGNORE INTO item_categories (item_id, category_id, active) SELECT i.id, c.id, i.status = 'active' FROM items i JOIN categories c ON c.scope_key = ? AND c.name = ? WHERE i.id = ?",
    );
    for (const name of names) {
      if (link.run(key, name, itemId).changes === 0 && !this.categoryExists(key, name)) {
        throw new StoreFailureError(`Item ${itemId} names category ${JSON.stringify(name)}, which this scope lacks`, { field });
      }
    }
  }

  private relink(key: string, itemId: string, names: readonly string[]): void {
    if (this.statements.prepare("SELECT 1 FROM items WHERE id = ? AND scope_key = ?").get(itemId, key) === undefined) {
      throw new StoreFailureError(`Cannot relink item ${itemId}: not in this scope`, { field: "relinkItems" });
    }
    this.statements.prepare("DELETE FROM item_categories WHERE item_id = ?").run(itemId);
    this.linkCategories(key, itemId, names, "relinkItems");
  }

  private logCategoryChange(scope: Scope, key: string, part: string, change: CategoryChange): void {
    this.statements.prepare("INSERT INTO category_changes (id, scope, scope_key, part, at, record) VALUES (?, ?, ?, ?, ?, ?)").run(change.id, JSON.stringify(scope), key, part, change.at, JSON.stringify({ ...change, scope }));
  }

  private categoryExists(key: string, name: string): boolean {
    return this.statements.prepare("SELECT 1 FROM categories WHERE scope_key = ? AND name = ?").get(key, name) !== undefined;
  }

  private addSource(key: string, itemId: string, source: Source, position: number): void {
    const info = this.statements
      .prepare("INSERT INTO item_sources (item_id, resource_id, span, position) SELECT ?, id, ?, ? FROM resources WHERE id = ? AND scope_key = ?")
      .run(itemId, JSON.stringify(source.span), position, source.resourceId, key);
    if (info.changes === 0) throw new StoreFailureError(`Source resource ${source.resourceId} is not in this scope`, { field: "sources" });
  }

  private reinforce(key: string, itemId: string, source: Source, at: string): void {
    const info = this.statements
      .prepare("UPDATE items SET reinforcement_count = reinforcement_count + 1, last_reinforced_at = ?, updated_at = ? WHERE id = ? AND scope_key = ?")
      .run(at, at, itemId, key);
    if (info.changes === 0) throw new StoreFailureError(`Cannot reinforce item ${itemId}: not in this scope`, { field: "reinforce" });
    const position = this.statements.prepare<[string], { n: number }>("SELECT count(*) AS n FROM item_sources WHERE item_id = ?").get(itemId)!.n;
    this.addSource(key, itemId, source, position);
  }

  private supersede(key: string, itemId: string, byItemId: string): void {
    const both = this.statements.prepare<[string, string, string], { n: number }>("SELECT count(*) AS n FROM items WHERE scope_key = ? AND id IN (?, ?)").get(key, itemId, byItemId)!.n;
    if (both !== 2) throw new StoreFailureError(`Cannot link item ${itemId} to ${byItemId}: both must be distinct items of this scope`, { field: "supersede" });
    this.statements.prepare("INSERT OR IGNORE INTO item_supersessions (item_id, by_item_id) VALUES (?, ?)").run(itemId, byItemId);
  }

  // ---- reads ----

  async getResource(read: ReadScope, id: string): Promise<Resource | null> {
    const params: Params = [id];
    const row = this.statements.prepare<Params, ResourceRow>(`SELECT r.* FROM resources r WHERE r.id = ?${this.scopeSql("r", read.conditions, params)}`).get(...params);
    return row === undefined ? null : toResource(row);
  }

  async findResourceByHash(scope: Scope, contentHash: string): Promise<Resource | null> {
    const row = this.statements.prepare<[string, string], ResourceRow>("SELECT * FROM resources WHERE scope_key = ? AND content_hash = ?").get(scopeKey(scope), contentHash);
    return row === undefined ? null : toResource(row);
  }

  async listResources(read: ReadScope, page: PageRequest): Promise<Page<Resource>> {
    const rows = this.page<ResourceRow>("resources", read, "", [], page);
    return { records: rows.records.map(toResource), nextCursor: rows.nextCursor };
  }

  async getItems(read: ReadScope, ids: readonly string[]): Promise<Item[]> {
    if (ids.length === 0) return [];
    const params: Params = [JSON.stringify(ids)];
    const rows = this.statements.prepare<Params, ItemRow>(`SELECT i.* FROM items i WHERE i.id IN (SELECT value FROM json_each(?))${this.scopeSql("i", read.conditions, params)}`).all(...params);
    const byId = new Map(this.hydrate(rows).map((item) => [item.id, item]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async listItems(read: ReadScope, filter: ItemFilter, page: PageRequest): Promise<Page<Item>> {
    const params: Params = [];
    const where = itemFilterSql("t", filter, params);
    const rows = this.page<ItemRow>("items", read, where, params, page);
    return { records: this.hydrate(rows.records), nextCursor: rows.nextCursor };
  }

  async findItemsByHash(scope: Scope, contentHashes: readonly string[]): Promise<Item[]> {
    if (contentHashes.length === 0) return [];
    const rows = this.statements
      .prepare<[string, string], ItemRow>("SELECT * FROM items WHERE scope_key = ? AND status = 'active' AND content_hash IN (SELECT value FROM json_each(?))")
      .all(scopeKey(scope), JSON.stringify(contentHashes));
    return this.hydrate(rows);
  }

  async itemVersions(read: ReadScope, id: string): Promise<Item[]> {
    // Depth orders the versions (older ones negative); the bound stops a cycle a corrupt store might hold.
    const rows = this.statements
      .prepare<[string, string], { id: string }>(
        `WITH RECURSIVE
           older (id, depth) AS (SELECT ?, 0 UNION SELECT s.item_id, o.depth - 1 FROM item_supersessions s JOIN older o ON s.by_item_id = o.id WHERE o.depth > -${MAX_VERSIONS}),
           newer (id, depth) AS (SELECT ?, 0 UNION SELECT s.by_item_id, n.depth + 1 FROM item_supersessions s JOIN newer n ON s.item_id = n.id WHERE n.depth < ${MAX_VERSIONS})
         SELECT id, min(depth) AS depth FROM (SELECT * FROM older UNION ALL SELECT * FROM newer) GROUP BY id ORDER BY depth, id`,
      )
      .all(id, id);
    const [item] = await this.getItems(read, [id]);
    return item === undefined ? [] : this.getItems(read, rows.map((row) => row.id));
  }

  async itemAccesses(read: ReadScope, ids: readonly string[]): Promise<ItemAccess[]> {
    if (ids.length === 0) return [];
    const params: Params = [JSON.stringify(ids)];
    return this.statements
      .prepare<Params, ItemAccess>(
        `SELECT a.item_id AS itemId, a.count AS count, a.last_accessed_at AS lastAccessedAt FROM item_accesses a JOIN items i ON i.id = a.item_id
         WHERE a.item_id IN (SELECT value FROM json_each(?))${this.scopeSql("i", read.conditions, params)}`,
      )
      .all(...params);
  }

  async itemsFromResource(read: ReadScope, resourceId: string): Promise<Item[]> {
    const params: Params = [resourceId];
    const rows = this.statements
      .prepare<Params, ItemRow>(`SELECT DISTINCT i.* FROM item_sources s JOIN items i ON i.id = s.item_id WHERE s.resource_id = ?${this.scopeSql("i", read.conditions, params)}`)
      .all(...params);
    return this.hydrate(rows);
  }

  async listCategories(read: ReadScope): Promise<Category[]> {
    const params: Params = [];
    return this.categoryRows(`WHERE 1 = 1${this.scopeSql("c", read.conditions, params)} ORDER BY c.name, c.id`, params);
  }

  async getCategories(read: ReadScope, ids: readonly string[]): Promise<Category[]> {
    if (ids.length === 0) return [];
    const params: Params = [JSON.stringify(ids)];
    const categories = this.categoryRows(`WHERE c.id IN (SELECT value FROM json_each(?))${this.scopeSql("c", read.conditions, params)}`, params);
    const byId = new Map(categories.map((category) => [category.id, category]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async categoriesOfItems(read: ReadScope, itemIds: readonly string[]): Promise<Category[]> {
    if (itemIds.length === 0) return [];
    const params: Params = [JSON.stringify(itemIds)];
    const linked = "SELECT l.category_id FROM item_categories l WHERE l.item_id IN (SELECT value FROM json_each(?))";
    return this.categoryRows(`WHERE c.id IN (${linked})${this.scopeSql("c", read.conditions, params)} ORDER BY c.name, c.id`, params);
  }

  async listCategoryChanges(read: ReadScope, page: PageRequest): Promise<Page<CategoryChange>> {
    const params: Params = [];
    const part = this.partitionOf(read);
    if (part !== null) params.push(part);
    const select = `SELECT t.at, t.id, t.record FROM category_changes t WHERE 1 = 1${part === null ? "" : " AND t.part = ?"}${this.scopeRegistrySql(read.conditions, params, "t")}`;
    const rows = this.keysetPage<{ at: string; id: string; record: string }, "at">(select, params, "at", page);
    return { records: rows.records.map((row) => JSON.parse(row.record) as CategoryChange), nextCursor: rows.nextCursor };
  }

  async categoryItems(read: ReadScope, categoryId: string, limit: number): Promise<Item[]> {
    const params: Params = [categoryId];
    const sql = `SELECT i.* FROM item_categories l JOIN items i ON i.id = l.item_id WHERE l.category_id = ? AND i.status = 'active'${this.scopeSql("i", read.conditions, params)} ORDER BY i.updated_at DESC, i.id LIMIT ?`;
    params.push(limit);
    return this.hydrate(this.statements.prepare<Params, ItemRow>(sql).all(...params));
  }

  async vectorSearch(target: SearchTarget, read: ReadScope, vector: readonly number[], k: number, filter: ItemFilter = {}): Promise<SearchHit[]> {
    const query = new Float32Array(vector);
    const part = this.partitionOf(read);
    // Over-fetch from the vector index, then apply the full scope and filters; if the filters rejected too many,
    // fall back to an exact scan of the rows that pass them, so a busy neighbour never starves a result.
    const fetch = Math.min(4096, Math.max(k * 8, 64));
    const knnParams: Params = [query, fetch];
    const knn = this.statements
      .prepare<Params, { rid: number; distance: number }>(`SELECT rid, distance FROM ${VECTOR_TABLES[target]} WHERE embedding MATCH ? AND k = ?${part === null ? "" : " AND part = ?"}`)
      .all(...knnParams, ...(part === null ? [] : [part]));
    const distances = new Map(knn.map((row) => [row.rid, row.distance]));
    const params: Params = [JSON.stringify([...distances.keys()])];
    const where = this.filterSql(target, read, filter, params);
    const passing = this.statements.prepare<Params, { rid: number; id: string }>(`SELECT t.rid, t.id FROM ${NODE_TABLES[target]} t WHERE t.rid IN (SELECT value FROM json_each(?))${where}`).all(...params);
    if (passing.length >= k || knn.length < fetch) {
      return passing
        .map((row) => ({ id: row.id, score: 1 - distances.get(row.rid)! }))
        .sort((a, b) => b.score - a.score)
        .slice(0, k);
    }
    const exactParams: Params = [query];
    const exactWhere = this.filterSql(target, read, filter, exactParams);
    exactParams.push(k);
    return this.statements
      .prepare<Params, { id: string; distance: number }>(
        `SELECT t.id, vec_distance_cosine(v.embedding, ?) AS distance FROM ${NODE_TABLES[target]} t JOIN ${VECTOR_TABLES[target]} v ON v.rid = t.rid WHERE 1 = 1${exactWhere} ORDER BY distance LIMIT ?`,
      )
      .all(...exactParams)
      .map((row) => ({ id: row.id, score: 1 - row.distance }));
  }

  async textSearch(target: SearchTarget, read: ReadScope, query: string, k: number, filter: ItemFilter = {}): Promise<SearchHit[]> {
    const scopeParams: Params = [];
    const scopes = this.statements
      .prepare<Params, { sid: number; part: string }>(`SELECT sc.sid, sc.part FROM scopes sc WHERE 1 = 1${this.scopeRegistrySql(read.conditions, scopeParams)}`)
      .all(...scopeParams);
    const filterParams: Params = [];
    const filterSql = itemFilterFor(target, filter, filterParams);
    const keywordQuery = { table: NODE_TABLES[target], sids: scopes.map((row) => row.sid), parts: [...new Set(scopes.map((row) => row.part))], filter: filterSql, filterParams };
    return this.keywords.search(keywordQuery, query, k).rows.map((row) => ({ id: row.id, score: row.score }));
  }

  async listPartitions(page: PartitionPageRequest): Promise<Page<PartitionUsage>> {
    return listPartitions(this.db, page);
  }

  async forget(read: ReadScope): Promise<ForgetCounts> {
    let removed: Category[] = [];
    const counts = this.guard("forget", () => this.db.transaction((): ForgetCounts => {
      const countParams: Params = [];
      const where = this.scopeSql("t", read.conditions, countParams);
      const categoryParams: Params = [];
      removed = this.categoryRows(`WHERE 1 = 1${this.scopeSql("c", read.conditions, categoryParams)}`, categoryParams);
      const logParams: Params = [];
      this.statements.prepare(`DELETE FROM category_changes WHERE 1 = 1${this.scopeRegistrySql(read.conditions, logParams, "category_changes")}`).run(...logParams);
      const result = { resources: 0, items: 0, categories: 0 };
      for (const [target, field] of [["item", "items"], ["resource", "resources"], ["category", "categories"]] as const) {
        const table = NODE_TABLES[target];
        const rids = this.statements.prepare<Params, { rid: number }>(`SELECT t.rid FROM ${table} t WHERE 1 = 1${where}`).all(...countParams).map((row) => row.rid);
        const ridsJson = JSON.stringify(rids);
        this.statements.prepare(`DELETE FROM ${VECTOR_TABLES[target]} WHERE rid IN (SELECT value FROM json_each(?))`).run(ridsJson);
        result[field] = this.statements.prepare(`DELETE FROM ${table} WHERE rid IN (SELECT value FROM json_each(?))`).run(ridsJson).changes;
      }
      return result;
    }).immediate());
    await this.mirror?.remove(removed);
    this.truncateLog();
    return counts;
  }

  /**
   * Copies the log into the database and empties it: until then the log still holds the pages as they were before
   * the forget, text included. A checkpoint that other connections keep from finishing fails loudly.
   */
  private truncateLog(): void {
    const [result] = this.guard("checkpoint the log after forget", () => this.db.pragma("wal_checkpoint(TRUNCATE)") as { busy: number }[]);
    if (result !== undefined && result.busy !== 0) throw new StoreFailureError("Forget removed the data, but other connections kept the write-ahead log from being emptied; it will be on their next checkpoint");
  }

  // ---- helpers ----

  /** The partition value when the read pins the partition key to one value, else null (search all partitions). */
  private partitionOf(read: ReadScope): string | null {
    const pinned = read.conditions.filter((condition) => condition.key === this.partitionKey && condition.values.length === 1);
    return pinned[0]?.values[0] ?? null;
  }

  /**
   * Conditions on the scope registry (alias `sc`), or on another table with `part` and `scope` columns: the partition
   * key by the indexed `part` column, other keys by the row's JSON. Key paths are bound parameters, never spliced
   * into the SQL.
   */
  private scopeRegistrySql(conditions: readonly ScopeCondition[], params: Params, alias = "sc"): string {
    return conditions
      .map((condition) => {
        if (condition.key === this.partitionKey) {
          params.push(JSON.stringify(condition.values));
          return ` AND ${alias}.part IN (SELECT value FROM json_each(?))`;
        }
        params.push(`$.${condition.key}`, JSON.stringify(condition.values));
        return ` AND json_extract(${alias}.scope, ?) IN (SELECT value FROM json_each(?))`;
      })
      .join("");
  }

  /** Filters a node alias to the scopes the conditions select: one registry lookup, not a JSON check per node. */
  private scopeSql(alias: string, conditions: readonly ScopeCondition[], params: Params): string {
    return ` AND ${alias}.scope_key IN (SELECT sc.scope_key FROM scopes sc WHERE 1 = 1${this.scopeRegistrySql(conditions, params)})`;
  }

  /** For paging: the scope conditions for alias `t`, and the pinned partition, which lets the page index serve it. */
  private pagedScopeSql(read: ReadScope, params: Params): string {
    const part = this.partitionOf(read);
    const partSql = part === null ? "" : " AND t.part = ?";
    if (part !== null) params.push(part);
    return partSql + this.scopeSql("t", read.conditions, params);
  }

  private filterSql(target: SearchTarget, read: ReadScope, filter: ItemFilter, params: Params): string {
    return this.scopeSql("t", read.conditions, params) + itemFilterFor(target, filter, params);
  }

  private page<Row extends { created_at: string; id: string }>(table: "items" | "resources", read: ReadScope, extraWhere: string, extraParams: Params, page: PageRequest): Page<Row> {
    const params: Params = [];
    const select = `SELECT t.* FROM ${table} t WHERE 1 = 1${this.pagedScopeSql(read, params)}${extraWhere}`;
    params.push(...extraParams);
    return this.keysetPage<Row, "created_at">(select, params, "created_at", page);
  }

  /** One page of `select` (rows aliased `t`, its WHERE open for more) in (time, id) order, after the cursor's row. */
  private keysetPage<Row extends Record<Time, string> & { id: string }, Time extends string>(select: string, params: Params, time: Time, page: PageRequest): Page<Row> {
    let sql = select;
    if (page.cursor !== undefined) {
      const [at, id] = decodeCursor(page.cursor);
      sql += ` AND (t.${time}, t.id) > (?, ?)`;
      params.push(at, id);
    }
    sql += ` ORDER BY t.${time}, t.id LIMIT ?`;
    params.push(page.limit + 1);
    const rows = this.statements.prepare<Params, Row>(sql).all(...params);
    const records = rows.slice(0, page.limit);
    const last = records[records.length - 1];
    return { records, nextCursor: rows.length > page.limit && last !== undefined ? encodeCursor(last[time], last.id) : null };
  }

  private hydrate(rows: readonly ItemRow[]): Item[] {
    if (rows.length === 0) return [];
    const ids = JSON.stringify(rows.map((row) => row.id));
    const sources = new Map<string, Source[]>();
    for (const row of this.statements
      .prepare<[string], { item_id: string; resource_id: string; span: string }>("SELECT item_id, resource_id, span FROM item_sources WHERE item_id IN (SELECT value FROM json_each(?)) ORDER BY item_id, position")
      .all(ids)) {
      const list = sources.get(row.item_id) ?? [];
      list.push({ resourceId: row.resource_id, span: JSON.parse(row.span) });
      sources.set(row.item_id, list);
    }
    const categories = new Map<string, string[]>();
    for (const row of this.statements
      .prepare<[string], { item_id: string; name: string }>("SELECT l.item_id, c.name FROM item_categories l JOIN categories c ON c.id = l.category_id WHERE l.item_id IN (SELECT value FROM json_each(?)) ORDER BY c.name")
      .all(ids)) {
      const list = categories.get(row.item_id) ?? [];
      list.push(row.name);
      categories.set(row.item_id, list);
    }
    return rows.map((row) => toItem(row, sources.get(row.id) ?? [], categories.get(row.id) ?? []));
  }

  private categoryRows(whereSql: string, params: Params): Category[] {
    return this.statements.prepare<Params, CategoryRow>(`SELECT c.* FROM categories c ${whereSql}`).all(...params).map(toCategory);
  }

  private categoriesByIds(key: string, ids: readonly string[]): Category[] {
    if (ids.length === 0) return [];
    return this.categoryRows("WHERE c.scope_key = ? AND c.id IN (SELECT value FROM json_each(?))", [key, JSON.stringify(ids)]);
  }
}
