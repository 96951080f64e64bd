import neo4j, { type Driver, type ManagedTransaction, type QueryResult, type RecordShape } from "neo4j-driver";
import {
  MemographError,
  StoreFailureError,
  StoreMismatchError,
  decodeCursor,
  encodeCursor,
  partitionCursorValue,
  partitionPage,
  keywordQuery,
  scopeConditions,
  scopeKey,
  type Category,
  type CategoryChange,
  type AccessBatchEntry,
  type ChangeSet,
  type EmbedderInfo,
  type ForgetCounts,
  type Item,
  type ItemAccess,
  type ItemFilter,
  type MemoryStore,
  type Page,
  type PageRequest,
  type PartitionPageRequest,
  type PartitionUsage,
  type ReadScope,
  type ReindexRecord,
  type ReindexVector,
  type Resource,
  type Scope,
  type SearchHit,
  type SearchTarget,
  type Source,
  type StoreLayout,
  type Span,
  type StoredEmbedder,
  type WriteResult,
} from "@memograph/core";
import { PARTITIONS, READ, SCHEMA, SEARCH, WRITE, type Target } from "../queries/queries.js";
import { FULLTEXT_FIELDS, FULLTEXT_INDEXES, MIGRATIONS, SCHEMA_VERSION, VECTOR_INDEXES, type Backfill } from "../schema/migrations.js";
import { withSchemaRetries } from "../schema/schema-race.js";
import { connectDriver, type Neo4jConnectionOptions } from "../connection-options.js";
import { scopeClauses, scopeQuery, scopeTermsOf } from "./scope-terms.js";
import { Neo4jVectorReindex, type ReindexMeta } from "./vector-reindex.js";

export interface Neo4jStoreOptions extends Neo4jConnectionOptions {
  /**
   * The scope key used as the partition property (indexed). Default: the one `init` is given (the scope schema's
   * first required key), else `userId`.
   */
  readonly partitionKey?: string;
  /** Nodes deleted per transaction by `forget`. Default 5,000. */
  readonly forgetBatchSize?: number;
}

type Params = Record<string, unknown>;

/** Tries of a read the server answers with a retryable error before the error is the caller's. */
const READ_ATTEMPTS = 5;

const keyOf = (scope: Scope, value: string) => `${scopeKey(scope)}|${value}`;
const scopeProps = (scope: Scope) => Object.fromEntries(Object.entries(scope).map(([key, value]) => [`scope_${key}`, value]));
const messageIdsOf = (span: Span) => (span.kind === "messages" ? span.messageIds : []);

/**
 * The Neo4j store: Resource, Item and Category nodes with EXTRACTED_FROM, IN_CATEGORY and CITES relationships,
 * vector and full-text indexes. One managed transaction per write (retried by the driver on transient errors), with
 * bookmarks so reads see the caller's own writes.
 */
export class Neo4jStore implements MemoryStore {
  private readonly driver: Driver;
  private readonly ownsDriver: boolean;
  private readonly database: string | undefined;
  private readonly chosenPartitionKey: string | undefined;
  private partitionKey = "userId";
  private readonly forgetBatchSize: number;
  private readonly reindex = new Neo4jVectorReindex({ query: (cypher, params) => this.query(cypher, params), inWrite: (work) => this.guard("write", () => this.inWrite(work)) });

  constructor(options: Neo4jStoreOptions = {}) {
    this.chosenPartitionKey = options.partitionKey;
    this.forgetBatchSize = options.forgetBatchSize ?? 5_000;
    this.database = options.database;
    const { driver, owned } = connectDriver(options);
    this.driver = driver;
    this.ownsDriver = owned;
  }

  async init(embedder: EmbedderInfo, layout: StoreLayout = {}): Promise<void> {
    this.partitionKey = this.chosenPartitionKey ?? layout.partitionKey ?? "userId";
    // Processes starting together on a fresh database run the same migrations at once: see withSchemaRetries.
    await this.guard("initialise the schema", () => withSchemaRetries(() => this.migrate(embedder)));
  }

  private async migrate(embedder: EmbedderInfo): Promise<void> {
    const [meta] = (await this.query(SCHEMA.readMeta, {})).records.map((record) => record.get("meta") as { version: number; embedderId: string; dimensions: number; partitionKey: string } & ReindexMeta);
    if (meta !== undefined) {
      if (meta.version > SCHEMA_VERSION) throw new StoreMismatchError(`This database has memograph schema version ${meta.version}; this memograph knows up to ${SCHEMA_VERSION}. Upgrade memograph.`);
      if (meta.embedderId !== embedder.id || meta.dimensions !== embedder.dimensions) {
        const underWay = meta.reindexPhase === "writing" && meta.reindexEmbedderId === embedder.id ? ` A reindex to ${embedder.id} is under way: run \`memograph reindex\` again to finish it.` : "";
        throw new StoreMismatchError(
          `This database was built by embedder ${meta.embedderId} (${meta.dimensions} dimensions); the configured one is ${embedder.id} (${embedder.dimensions}). Use the same embedder, another database, or \`memograph reindex\` to re-embed this one.${underWay}`,
        );
      }
      if (meta.partitionKey !== this.partitionKey) {
        throw new StoreMismatchError(`This database is partitioned by scope key ${meta.partitionKey}, not ${this.partitionKey}. To keep it, give the store partitionKey: ${JSON.stringify(meta.partitionKey)}.`);
      }
    }
    for (const migration of MIGRATIONS.filter((candidate) => candidate.version > (meta?.version ?? 0))) {
      for (const statement of migration.statements) await this.query(statement, { dimensions: neo4j.int(embedder.dimensions) });
      if (migration.backfill !== undefined) await this.backfill(migration.backfill);
    }
    // A reindex interrupted while moving its vectors over is completed by the next start with its embedder.
    if (meta?.reindexPhase === "swapping") await this.reindex.completeSwap(embedder.dimensions);
    // An index made by hand or by another tool must still agree with the embedder.
    const indexes = await this.query(SCHEMA.vectorIndexDimensions, { names: Object.values(VECTOR_INDEXES) });
    for (const record of indexes.records) {
      if (record.get("dimensions") !== embedder.dimensions) {
        throw new StoreMismatchError(`Vector index ${record.get("name")} has ${record.get("dimensions")} dimensions; the embedder ${embedder.id} has ${embedder.dimensions}.`);
      }
    }
    await this.query(SCHEMA.writeMeta, { version: SCHEMA_VERSION, embedderId: embedder.id, dimensions: embedder.dimensions, partitionKey: this.partitionKey });
    await this.query(SCHEMA.awaitIndexes, {});
  }

  private async backfill(backfill: Backfill): Promise<void> {
    for (;;) {
      const rows = (await this.query(backfill.read, {})).records.map((record) => ({ id: record.get("id") as string, scopeTerms: scopeTermsOf(JSON.parse(record.get("scope") as string)) }));
      if (rows.length === 0) return;
      await this.inWrite((tx) => tx.run(backfill.write, { rows }));
    }
  }

  async close(): Promise<void> {
    if (this.ownsDriver) await this.driver.close();
  }

  // ---- reindex (vector-reindex.ts) ----

  storedEmbedder(): Promise<StoredEmbedder | null> {
    return this.reindex.storedEmbedder();
  }

  beginReindex(embedder: EmbedderInfo): Promise<void> {
    return this.reindex.beginReindex(embedder);
  }

  reindexPending(target: SearchTarget, afterId: string | null, limit: number): Promise<ReindexRecord[]> {
    return this.reindex.reindexPending(target, afterId, limit);
  }

  writeReindexVectors(vectors: readonly ReindexVector[]): Promise<void> {
    return this.reindex.writeReindexVectors(vectors);
  }

  finishReindex(): Promise<boolean> {
    return this.reindex.finishReindex();
  }

  // ---- writes ----

  async write(scope: Scope, changes: ChangeSet): Promise<WriteResult> {
    const hashKey = changes.resource === undefined ? null : keyOf(scope, changes.resource.record.contentHash);
    try {
      return await this.guard("write", () => this.inWrite((tx) => this.applyChanges(tx, scope, changes, hashKey)));
    } catch (error) {
      // Two writers of the same resource raced past the duplicate check; the constraint stopped the second.
      if (!isConstraintViolation(error)) throw error;
      if (hashKey !== null) {
        const existing = await this.readQuery(WRITE.resourceByHashKey, { hashKey });
        const id = existing.records[0]?.get("id") as string | undefined;
        if (id !== undefined) return { status: "duplicate", existingResourceId: id };
      }
      throw new StoreFailureError(`Neo4j refused the write: ${(error as Error).message}`, { cause: error });
    }
  }

  private async applyChanges(tx: ManagedTransaction, scope: Scope, changes: ChangeSet, hashKey: string | null): Promise<WriteResult> {
    const key = scopeKey(scope);
    const common = { scopeKey: key, scopeProps: scopeProps(scope), scopeJson: JSON.stringify(scope), scopeTerms: scopeTermsOf(scope), partValue: scope[this.partitionKey] ?? "" };
    if (hashKey !== null) {
      const existing = await tx.run(WRITE.resourceByHashKey, { hashKey });
      if (existing.records.length > 0) return { status: "duplicate", existingResourceId: existing.records[0]!.get("id") as string };
    }
    for (const [target, ids] of [["item", changes.deleteItemIds], ["resource", changes.deleteResourceIds], ["category", changes.deleteCategoryIds]] as const) {
      if (ids !== undefined && ids.length > 0) await tx.run(WRITE.deleteNodes(target), { ...common, ids });
    }
    const categories = (changes.upsertCategories ?? []).map(({ record, embedding }) => ({
      nameKey: keyOf(scope, record.name), id: record.id, name: record.name, description: record.description, summary: record.summary,
      citedItemIds: record.citedItemIds, createdAt: record.createdAt, updatedAt: record.updatedAt, embedding,
    }));
    if (categories.length > 0) await tx.run(WRITE.upsertCategories, { ...common, categories });
    if (changes.resource !== undefined) {
      const { record, embedding } = changes.resource;
      const props = {
        id: record.id, uri: record.uri, modality: record.modality, contentHash: record.contentHash, hashKey, caption: record.caption, text: record.text,
        metadata: JSON.stringify(record.metadata), createdAt: record.createdAt, embedding, scope: common.scopeJson, scopeTerms: common.scopeTerms, scopeKey: key, part: common.partValue,
      };
      await tx.run(WRITE.createResource, { props, scopeProps: common.scopeProps });
    }
    const items = changes.upsertItems ?? [];
    if (items.length > 0) {
      const foreign = await tx.run(WRITE.itemsOfOtherScopes, { ids: items.map((item) => item.record.id), scopeKey: key });
      if (foreign.records.length > 0) throw new StoreFailureError(`Item ${foreign.records[0]!.get("id")} belongs to another scope`, { field: "id" });
      const result = await tx.run(WRITE.upsertItems, {
        ...common,
        items: items.map(({ record, embedding, context }) => ({
          props: {
            // Absent, the stored context stays (`+=` leaves properties it is not given).
            ...(context === undefined ? {} : { context }),
            id: record.id, type: record.type, summary: record.summary, happenedAt: record.happenedAt, contentHash: record.contentHash,
            reinforcementCount: record.reinforcementCount, lastReinforcedAt: record.lastReinforcedAt, status: record.status,
            metadata: JSON.stringify(record.metadata), createdAt: record.createdAt, updatedAt: record.updatedAt, embedding,
            scope: common.scopeJson, scopeTerms: common.scopeTerms, scopeKey: key, part: common.partValue,
          },
          sources: record.sources.map((source, position) => ({ resourceId: source.resourceId, span: JSON.stringify(source.span), messageIds: messageIdsOf(source.span), position })),
          categories: record.categories,
        })),
      });
      const incomplete = result.records.find((record) => record.get("complete") !== true);
      if (incomplete !== undefined) {
        throw new StoreFailureError(`Item ${incomplete.get("id")} names a source resource or category this scope lacks`, { field: "upsertItems" });
      }
    }
    const reinforce = changes.reinforce ?? [];
    if (reinforce.length > 0) {
      const result = await tx.run(WRITE.reinforce, {
        scopeKey: key,
        reinforce: reinforce.map((entry) => ({ itemId: entry.itemId, resourceId: entry.source.resourceId, span: JSON.stringify(entry.source.span), messageIds: messageIdsOf(entry.source.span), at: entry.at })),
      });
      if (result.records[0]?.get("done") !== reinforce.length) throw new StoreFailureError("Cannot reinforce: an item or its source is not in this scope", { field: "reinforce" });
    }
    const supersede = changes.supersede ?? [];
    if (supersede.length > 0) {
      const result = await tx.run(WRITE.supersede, { scopeKey: key, supersede: supersede.map(({ itemId, byItemId }) => ({ itemId, byItemId })) });
      if (result.records[0]?.get("done") !== supersede.length) {
        throw new StoreFailureError("Cannot link item versions: both must be distinct items of this scope", { field: "supersede" });
      }
    }
    const relink = (changes.relinkItems ?? []).map(({ itemId, categories: names }) => ({ itemId, categories: [...new Set(names)] }));
    if (relink.length > 0) {
      const result = await tx.run(WRITE.relinkItems, { scopeKey: key, relink });
      if (result.records.length !== relink.length || result.records.some((record) => record.get("complete") !== true)) {
        throw new StoreFailureError("Cannot relink items: each item and each category named must be of this scope", { field: "relinkItems" });
      }
    }
    const log = (changes.categoryChanges ?? []).map((change) => ({ id: change.id, at: change.at, record: JSON.stringify({ ...change, scope }), scope: common.scopeJson, scopeKey: key, part: common.partValue }));
    if (log.length > 0) await tx.run(WRITE.logCategoryChanges, { changes: log, scopeProps: common.scopeProps });
    if (categories.length > 0) await tx.run(WRITE.citeItems, { scopeKey: key, categories });
    return { status: "applied" };
  }

  async recordAccesses(accesses: readonly AccessBatchEntry[]): Promise<void> {
    if (accesses.length === 0) return;
    const rows = accesses.map(({ scope, itemId, count, at }) => ({ scopeKey: scopeKey(scope), itemId, count: neo4j.int(count), at }));
    await this.guard("record accesses", () => this.inWrite((tx) => tx.run(WRITE.recordAccesses, { accesses: rows })));
  }

  // ---- reads ----

  async getResource(read: ReadScope, id: string): Promise<Resource | null> {
    const result = await this.readQuery(READ.resourcesById, { ...this.scopeParams(read), ids: [id] });
    const record = result.records[0];
    return record === undefined ? null : toResource(record.get("resource"));
  }

  async findResourceByHash(scope: Scope, contentHash: string): Promise<Resource | null> {
    const result = await this.readQuery(READ.resourceByHashKey, { hashKey: keyOf(scope, contentHash) });
    const record = result.records[0];
    return record === undefined ? null : toResource(record.get("resource"));
  }

  async listResources(read: ReadScope, page: PageRequest): Promise<Page<Resource>> {
    const ids = await this.pageIds("resource", read, {}, page);
    const result = await this.readQuery(READ.resourcesById, { ...this.scopeParams(read), ids: ids.records });
    const byId = new Map(result.records.map((record) => [record.get("resource").id as string, toResource(record.get("resource"))]));
    return { records: ids.records.flatMap((id) => byId.get(id) ?? []), nextCursor: ids.nextCursor };
  }

  async getItems(read: ReadScope, ids: readonly string[]): Promise<Item[]> {
    if (ids.length === 0) return [];
    const result = await this.readQuery(READ.items, { ...this.scopeParams(read), ids: [...ids] });
    const byId = new Map(
      result.records.map((record) => {
        const item = toItem(record.get("item"), record.get("sources"), record.get("categories"));
        return [item.id, item];
      }),
    );
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async listItems(read: ReadScope, filter: ItemFilter, page: PageRequest): Promise<Page<Item>> {
    const ids = await this.pageIds("item", read, filter, page);
    return { records: await this.getItems(read, ids.records), nextCursor: ids.nextCursor };
  }

  async findItemsByHash(scope: Scope, contentHashes: readonly string[]): Promise<Item[]> {
    if (contentHashes.length === 0) return [];
    const result = await this.readQuery(READ.itemIdsByHash, { scopeKey: scopeKey(scope), hashes: [...contentHashes] });
    return this.getItems({ conditions: scopeConditions(scope) }, result.records.map((record) => record.get("id") as string));
  }

  async itemVersions(read: ReadScope, id: string): Promise<Item[]> {
    const result = await this.readQuery(READ.itemVersionIds, { ...this.scopeParams(read), id });
    return this.getItems(read, result.records.map((record) => record.get("id") as string));
  }

  async itemAccesses(read: ReadScope, ids: readonly string[]): Promise<ItemAccess[]> {
    if (ids.length === 0) return [];
    const result = await this.readQuery(READ.itemAccesses, { ...this.scopeParams(read), ids: [...ids] });
    return result.records.map((record) => ({ itemId: record.get("itemId") as string, count: record.get("count") as number, lastAccessedAt: record.get("lastAccessedAt") as string }));
  }

  async itemsFromResource(read: ReadScope, resourceId: string): Promise<Item[]> {
    const result = await this.readQuery(READ.itemIdsFromResource, { ...this.scopeParams(read), resourceId });
    return this.getItems(read, result.records.map((record) => record.get("id") as string));
  }

  async listCategories(read: ReadScope): Promise<Category[]> {
    return this.categories(read, null);
  }

  async getCategories(read: ReadScope, ids: readonly string[]): Promise<Category[]> {
    if (ids.length === 0) return [];
    const byId = new Map((await this.categories(read, [...ids])).map((category) => [category.id, category]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async categoriesOfItems(read: ReadScope, itemIds: readonly string[]): Promise<Category[]> {
    if (itemIds.length === 0) return [];
    return this.categoryRecords(await this.readQuery(READ.categoriesOfItems, { ...this.scopeParams(read), ids: [...itemIds] }));
  }

  async listCategoryChanges(read: ReadScope, page: PageRequest): Promise<Page<CategoryChange>> {
    const [afterAt, afterId] = page.cursor === undefined ? [null, null] : decodeCursor(page.cursor);
    const result = await this.readQuery(READ.categoryChanges, { ...this.scopeParams(read), afterAt, afterId, limit: neo4j.int(page.limit + 1) });
    const rows = result.records.map((record) => ({ record: record.get("record") as string, at: record.get("at") as string, id: record.get("id") as string }));
    const records = rows.slice(0, page.limit);
    const last = records[records.length - 1];
    return { records: records.map((row) => JSON.parse(row.record) as CategoryChange), nextCursor: rows.length > page.limit && last !== undefined ? encodeCursor(last.at, last.id) : null };
  }

  async categoryItems(read: ReadScope, categoryId: string, limit: number): Promise<Item[]> {
    const result = await this.readQuery(READ.categoryItemIds, { ...this.scopeParams(read), categoryId, limit: neo4j.int(limit) });
    return this.getItems(read, result.records.map((record) => record.get("id") as string));
  }

  async vectorSearch(target: SearchTarget, read: ReadScope, vector: readonly number[], k: number, filter: ItemFilter = {}): Promise<SearchHit[]> {
    const params = { ...this.scopeParams(read), ...filterParams(filter), vector: [...vector], k: neo4j.int(k) };
    // Over-fetch: the HNSW index cannot filter by scope, so a busy neighbour could fill the first k slots.
    const fetch = Math.min(10_000, Math.max(k * 10, 100));
    const result = await this.readQuery(SEARCH.vector(target), { ...params, index: VECTOR_INDEXES[target], fetch: neo4j.int(fetch) });
    const record = result.records[0];
    const hits = (record?.get("hits") ?? []) as SearchHit[];
    if (hits.length >= k || (record?.get("fetched") ?? 0) < fetch) return hits;
    // The scope's tokens find its nodes when it is narrower than one partition (a user inside a tenant).
    const byTerms = read.conditions.some((condition) => condition.key !== this.partitionKey || condition.values.length !== 1);
    const exact = await this.readQuery(SEARCH.vectorExact(target, byTerms), byTerms ? { ...params, textIndex: FULLTEXT_INDEXES[target], scopeQuery: scopeQuery(read.conditions) } : params);
    return exact.records.map((row) => ({ id: row.get("id") as string, score: row.get("score") as number }));
  }

  async textSearch(target: SearchTarget, read: ReadScope, query: string, k: number, filter: ItemFilter = {}): Promise<SearchHit[]> {
    const words = keywordQuery(query);
    if (words === null) return [];
    const fields = Object.entries(FULLTEXT_FIELDS[target]).map(([field, boost]) => `${field}:(${words})${boost === 1 ? "" : `^${boost}`}`);
    const lucene = `(${fields.join(" OR ")})${scopeClauses(read.conditions)}`;
    const params = { ...this.scopeParams(read), ...filterParams(filter), index: FULLTEXT_INDEXES[target], query: lucene, k: neo4j.int(k) };
    // Lucene's hits are already in scope; only the item filters (status, type, time) can drop some, so fetch a
    // little more than k, and more again only when they dropped too many and Lucene had more.
    for (let fetch = k + 10; ; fetch *= 8) {
      const record = (await this.readQuery(SEARCH.text(target), { ...params, fetch: neo4j.int(fetch) })).records[0];
      const hits = (record?.get("hits") ?? []) as SearchHit[];
      if (hits.length >= k || (record?.get("fetched") ?? 0) < fetch) return hits;
    }
  }

  async listPartitions(page: PartitionPageRequest): Promise<Page<PartitionUsage>> {
    const after = partitionCursorValue(page.cursor);
    const values = (await this.readQuery(PARTITIONS.values(after !== null, page.prefix !== undefined), { after, prefix: page.prefix ?? null, limit: neo4j.int(page.limit + 1) })).records.map((record) => record.get("part") as string);
    const shown = values.slice(0, page.limit);
    const rows = shown.length === 0 ? [] : (await this.readQuery(PARTITIONS.scopes, { parts: shown })).records;
    return partitionPage(
      values,
      page.limit,
      rows.map((row) => ({ part: row.get("part") as string, key: row.get("key") as string, scope: JSON.parse(row.get("scope") as string) as Scope, items: row.get("items") as number, resources: row.get("resources") as number, categories: row.get("categories") as number })),
    );
  }

  /**
   * Erases in batches, each its own transaction, so a scope of any size fits the server's transaction memory. An
   * interrupted erasure leaves whole nodes (never half of one); calling forget again finishes it.
   */
  async forget(read: ReadScope): Promise<ForgetCounts> {
    return this.guard("forget", async () => {
      const erase = async (target: Target | "change") => {
        let total = 0;
        for (;;) {
          const deleted = await this.inWrite(async (tx) => (await tx.run(WRITE.forgetBatch(target), { ...this.scopeParams(read), batch: neo4j.int(this.forgetBatchSize) })).records[0]?.get("count") as number);
          total += deleted;
          if (deleted < this.forgetBatchSize) return total;
        }
      };
      await erase("change");
      return { items: await erase("item"), resources: await erase("resource"), categories: await erase("category") };
    });
  }

  // ---- helpers ----

  private scopeParams(read: ReadScope): Params {
    const pinned = read.conditions.find((condition) => condition.key === this.partitionKey && condition.values.length === 1);
    return { conditions: read.conditions.map((condition) => ({ key: condition.key, values: [...condition.values] })), part: pinned?.values[0] ?? null };
  }

  private async pageIds(target: "item" | "resource", read: ReadScope, filter: ItemFilter, page: PageRequest): Promise<Page<string>> {
    const [afterCreated, afterId] = page.cursor === undefined ? [null, null] : decodeCursor(page.cursor);
    const result = await this.readQuery(READ.pageIds(target, target === "item" && filter.idPrefix !== undefined), { ...this.scopeParams(read), ...filterParams(filter), afterCreated, afterId, limit: neo4j.int(page.limit + 1) });
    const rows = result.records.map((record) => ({ id: record.get("id") as string, createdAt: record.get("createdAt") as string }));
    const records = rows.slice(0, page.limit);
    const last = records[records.length - 1];
    return { records: records.map((row) => row.id), nextCursor: rows.length > page.limit && last !== undefined ? encodeCursor(last.createdAt, last.id) : null };
  }

  private async categories(read: ReadScope, ids: string[] | null): Promise<Category[]> {
    return this.categoryRecords(await this.readQuery(READ.categories, { ...this.scopeParams(read), ids }));
  }

  private categoryRecords(result: QueryResult): Category[] {
    return result.records.map((record) => toCategory(record.get("category"), record.get("itemCount") as number));
  }

  private query<T extends RecordShape = RecordShape>(cypher: string, params: Params): Promise<QueryResult<T>> {
    return this.guard("run a query", () => this.driver.executeQuery<QueryResult<T>>(cypher, params, { ...(this.database === undefined ? {} : { database: this.database }) }));
  }

  /**
   * A read as one auto-commit query: a single round trip, where a transaction adds a second (its commit) and
   * `executeQuery` more again; a retrieve makes several in turn. Reads change nothing, so one the server calls
   * retryable (a transient error, a lost connection) is simply run again, as a managed transaction would be.
   */
  private readQuery<T extends RecordShape = RecordShape>(cypher: string, params: Params): Promise<QueryResult<T>> {
    return this.guard("run a query", async () => {
      for (let attempt = 1; ; attempt++) {
        const session = this.driver.session({ bookmarkManager: this.driver.executeQueryBookmarkManager, defaultAccessMode: neo4j.session.READ, ...(this.database === undefined ? {} : { database: this.database }) });
        try {
          return await session.run<T>(cypher, params);
        } catch (error) {
          if (attempt >= READ_ATTEMPTS || !neo4j.isRetryableError(error)) throw error;
          await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
        } finally {
          await session.close();
        }
      }
    });
  }

  private async inWrite<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    // The driver's bookmark manager chains this session after earlier queries (causal consistency).
    const session = this.driver.session({ bookmarkManager: this.driver.executeQueryBookmarkManager, ...(this.database === undefined ? {} : { database: this.database }) });
    try {
      return await session.executeWrite(work);
    } finally {
      await session.close();
    }
  }

  private async guard<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (MemographError.isInstance(error)) throw error;
      if (isConstraintViolation(error)) throw error;
      throw new StoreFailureError(`Neo4j failed to ${operation}: ${(error as Error).message}`, { cause: error });
    }
  }
}

function isConstraintViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === "Neo.ClientError.Schema.ConstraintValidationFailed";
}

function filterParams(filter: ItemFilter): Params {
  return {
    statuses: [...(filter.statuses ?? ["active"])],
    types: filter.types === undefined ? null : [...filter.types],
    happenedAfter: filter.happenedAfter ?? null,
    happenedBefore: filter.happenedBefore ?? null,
    idPrefix: filter.idPrefix ?? null,
    createdFrom: filter.createdFrom ?? null,
    createdTo: filter.createdTo ?? null,
    categories: filter.categories === undefined ? null : [...filter.categories],
  };
}

interface ResourceProps { id: string; uri: string; modality: Resource["modality"]; contentHash: string; caption: string | null; text: string; scope: string; metadata: string; createdAt: string }
interface ItemProps { id: string; type: string; summary: string; happenedAt: string | null; contentHash: string; reinforcementCount: number; lastReinforcedAt: string | null; status: Item["status"]; scope: string; metadata: string; createdAt: string; updatedAt: string }
interface CategoryProps { id: string; name: string; description: string; summary: string; citedItemIds: string[]; scope: string; createdAt: string; updatedAt: string }

function toResource(props: ResourceProps): Resource {
  return { ...props, caption: props.caption ?? null, scope: JSON.parse(props.scope), metadata: JSON.parse(props.metadata) };
}

function toItem(props: ItemProps, sources: { resourceId: string; span: string }[], categories: string[]): Item {
  return {
    ...props,
    happenedAt: props.happenedAt ?? null,
    lastReinforcedAt: props.lastReinforcedAt ?? null,
    scope: JSON.parse(props.scope),
    metadata: JSON.parse(props.metadata),
    sources: sources.map((source): Source => ({ resourceId: source.resourceId, span: JSON.parse(source.span) })),
    categories,
  };
}

function toCategory(props: CategoryProps, itemCount: number): Category {
  return { ...props, citedItemIds: props.citedItemIds ?? [], itemCount, scope: JSON.parse(props.scope) };
}
