import {
  BaseStore,
  validateNamespace,
  type GetOperation,
  type IndexConfig,
  type Item as StoreItem,
  type ListNamespacesOperation,
  type MatchCondition,
  type Operation,
  type OperationResults,
  type PutOperation,
  type SearchItem,
  type SearchOperation,
} from "@langchain/langgraph-checkpoint";
import { MemographError, ValidationError, scopeKey, scopedItemId, type Item, type MemoryService, type Scope } from "@memograph/core";
import { MemographEmbeddings } from "@memograph/langchain";
import { createHash } from "node:crypto";
import { bestFieldScore, fieldTexts, type TextEmbeddings } from "./field-vectors.js";

export interface MemographStoreOptions {
  readonly memory: MemoryService;
  /** The memograph scope every namespace of this store lives in (a tenant, an app, or one user). */
  readonly scope: Scope;
  /**
   * Semantic search, as LangGraph's `IndexConfig`: which fields of a value are embedded (LangGraph path syntax, one
   * vector per field; default the whole value, `$`), and optionally the `embeddings` (with their `dims`) to embed
   * them with. Without `embeddings`, memograph's own embedder embeds the fields.
   */
  readonly index?: IndexConfig | { readonly fields?: readonly string[] };
  /** The memory type of stored values. Default `knowledge`. */
  readonly memoryType?: string;
}

/** Where a LangGraph entry lives on its memograph item. */
interface Entry {
  readonly namespace: string[];
  readonly key: string;
  readonly value: Record<string, unknown>;
  readonly indexed: boolean;
  /** One vector per indexed field (absent on entries written before per-field vectors: embedded when searched). */
  readonly vectors?: Record<string, number[]>;
  /** When the key was first written (µs, increasing within a process); an update keeps it, as InMemoryStore does. */
  readonly seq?: number;
}

const ENTRY = "langgraph";
// The core caps a memory's text; a longer value is still stored whole, only its searchable text is cut.
const MAX_TEXT = 10_000;

/**
 * An entry's id: a 6-hex hash of each of its first namespace labels, then a hash of (namespace, key). A namespace
 * prefix is then an id prefix, which the store answers from its id index (a hash collision only reads an entry more,
 * as the namespace itself is checked).
 */
const ID_PREFIX = "itm_ns_";
const LABEL_HASH = 6;
const INDEXED_LABELS = 10;
/** How ids looked before they carried the namespace: still read and written, never created. */
const LEGACY_ID_PREFIX = "itm_lg_";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

function namespaceIdPrefix(labels: readonly string[]): string {
  return ID_PREFIX + labels.slice(0, INDEXED_LABELS).map((label) => sha256(label).slice(0, LABEL_HASH)).join("");
}

function entryId(namespace: readonly string[], key: string): string {
  return `${namespaceIdPrefix(namespace)}_${sha256(JSON.stringify([namespace, key])).slice(0, 24)}`;
}

function legacyEntryId(namespace: readonly string[], key: string): string {
  return `${LEGACY_ID_PREFIX}${sha256(JSON.stringify([namespace, key])).slice(0, 40)}`;
}

let lastSeq = 0;
function nextSeq(): number {
  lastSeq = Math.max(Date.now() * 1000, lastSeq + 1);
  return lastSeq;
}

function seqOf(item: Item, entry: Entry): number {
  return entry.seq ?? Date.parse(item.createdAt) * 1000;
}

/**
 * InMemoryStore's listing order: namespaces in the order they were first written to, then keys in the order they
 * were first written (a namespace is placed by its oldest remaining key).
 */
function inInsertionOrder<T extends { item: Item; entry: Entry }>(entries: T[]): T[] {
  const first = new Map<string, number>();
  for (const { item, entry } of entries) {
    const namespace = JSON.stringify(entry.namespace);
    first.set(namespace, Math.min(first.get(namespace) ?? Infinity, seqOf(item, entry)));
  }
  const rank = (entry: T) => [first.get(JSON.stringify(entry.entry.namespace))!, seqOf(entry.item, entry.entry)] as const;
  return entries.sort((a, b) => {
    const [ra, rb] = [rank(a), rank(b)];
    return ra[0] - rb[0] || ra[1] - rb[1];
  });
}

function entryOf(item: Item): Entry | undefined {
  return item.metadata[ENTRY] as Entry | undefined;
}

function toStoreItem(item: Item, entry: Entry): StoreItem {
  return { value: entry.value, key: entry.key, namespace: entry.namespace, createdAt: new Date(item.createdAt), updatedAt: new Date(item.updatedAt) };
}

/** LangGraph's filter semantics: equality, or `$eq $ne $gt $gte $lt $lte $in $nin` operators. */
function matches(value: unknown, filter: unknown): boolean {
  if (typeof filter !== "object" || filter === null || Array.isArray(filter) || !Object.keys(filter).some((key) => key.startsWith("$"))) return value === filter;
  return Object.entries(filter as Record<string, unknown>).every(([operator, operand]) => {
    switch (operator) {
      case "$eq": return value === operand;
      case "$ne": return value !== operand;
      case "$gt": return Number(value) > Number(operand);
      case "$gte": return Number(value) >= Number(operand);
      case "$lt": return Number(value) < Number(operand);
      case "$lte": return Number(value) <= Number(operand);
      case "$in": return Array.isArray(operand) && operand.includes(value);
      case "$nin": return !Array.isArray(operand) || !operand.includes(value);
      default: return false;
    }
  });
}

function namespaceMatches(condition: MatchCondition, namespace: readonly string[]): boolean {
  if (condition.path.length > namespace.length) return false;
  const offset = condition.matchType === "prefix" ? 0 : namespace.length - condition.path.length;
  return condition.path.every((label, index) => label === "*" || namespace[offset + index] === label);
}

/**
 * A LangGraph `BaseStore` backed by memograph, so `compile({ store })`, `config.store` and `createAgent({ store })`
 * keep working with memories that are searchable, traceable and erasable like any other. Each (namespace, key) is
 * one memograph item inside the store's scope; its value is kept whole, its indexed fields are the item's text and
 * each has its own vector. A search with a query scores an entry by the cosine similarity of its best field, in
 * [0, 1], as LangGraph's `InMemoryStore` does; entries with no vector follow, unscored. Without a query, entries
 * list as in `InMemoryStore`: by namespace, then in the order keys were first written. Reads go through the id
 * index by namespace prefix. A namespace whose last key is deleted is no longer listed (`InMemoryStore` keeps it).
 */
export class MemographStore extends BaseStore {
  private readonly embeddings: TextEmbeddings;
  private readonly fields: readonly string[];

  constructor(private readonly options: MemographStoreOptions) {
    super();
    const index = options.index;
    this.embeddings = index !== undefined && "embeddings" in index ? index.embeddings : new MemographEmbeddings(options.memory.embedder);
    this.fields = index?.fields ?? ["$"];
  }

  /** The `IndexConfig` this store was given with its own `embeddings`, as `InMemoryStore.indexConfig`. */
  get indexConfig(): IndexConfig | undefined {
    const index = this.options.index;
    return index !== undefined && "embeddings" in index ? index : undefined;
  }

  async batch<Op extends Operation[]>(operations: Op): Promise<OperationResults<Op>> {
    const results: unknown[] = [];
    // As in InMemoryStore: reads see the state before this batch's writes; the last put of a key wins.
    const puts = new Map<string, PutOperation>();
    for (const operation of operations) {
      if ("namespace" in operation) validateNamespace(operation.namespace, { allowReservedRoot: true });
      if ("value" in operation) {
        puts.set(JSON.stringify([operation.namespace, operation.key]), operation);
        results.push(undefined);
      } else if ("key" in operation) results.push(await this.getOne(operation));
      else if ("namespacePrefix" in operation) results.push(await this.searchMany(operation));
      else results.push(await this.listNamespacesOf(operation));
    }
    const vectors = await this.embedFields([...puts.values()].map((put) => fieldTexts(put, this.fields)));
    for (const [index, put] of [...puts.values()].entries()) await this.putOne(put, vectors[index]!);
    return results as OperationResults<Op>;
  }

  /** Embeds each record's field texts in one call (a text shared by several fields or puts is embedded once). */
  private async embedFields(records: readonly Record<string, string>[]): Promise<Record<string, number[]>[]> {
    const texts = [...new Set(records.flatMap((record) => Object.values(record)))];
    if (texts.length === 0) return records.map(() => ({}));
    const embedded = await this.embeddings.embedDocuments(texts);
    const dims = this.indexConfig?.dims;
    if (embedded.length !== texts.length || (dims !== undefined && embedded.some((vector) => vector.length !== dims))) {
      throw new ValidationError(`The index embeddings returned ${embedded.length} vectors for ${texts.length} texts, or vectors not of ${dims ?? "one"} dimensions`, [{ path: "index.dims", message: "embeddings must return one vector of `dims` numbers per text" }]);
    }
    const byText = new Map(texts.map((text, index) => [text, embedded[index]!]));
    return records.map((record) => Object.fromEntries(Object.entries(record).map(([field, text]) => [field, byText.get(text)!])));
  }

  private async find(namespace: readonly string[], key: string): Promise<Item | null> {
    for (const id of [entryId(namespace, key), legacyEntryId(namespace, key)]) {
      try {
        return await this.options.memory.getItem({ scope: this.options.scope, id: scopedItemId(this.options.scope, id) });
      } catch (error) {
        if (!MemographError.isInstance(error) || error.code !== "NOT_FOUND") throw error;
      }
    }
    return null;
  }

  private async getOne(operation: GetOperation): Promise<StoreItem | null> {
    const item = await this.find(operation.namespace, operation.key);
    const entry = item === null ? undefined : entryOf(item);
    return item === null || entry === undefined ? null : toStoreItem(item, entry);
  }

  private async putOne(operation: PutOperation, vectors: Record<string, number[]>): Promise<void> {
    const { memory, scope } = this.options;
    const existing = await this.find(operation.namespace, operation.key);
    if (operation.value === null) {
      if (existing !== null) await memory.deleteItem({ scope, id: existing.id });
      return;
    }
    const text = Object.values(fieldTexts(operation, this.fields)).join("\n").trim() || JSON.stringify(operation.value);
    const previous = existing === null ? undefined : entryOf(existing);
    const seq = existing === null ? nextSeq() : previous === undefined ? Date.parse(existing.createdAt) * 1000 : seqOf(existing, previous);
    const entry: Entry = { namespace: [...operation.namespace], key: operation.key, value: operation.value, indexed: operation.index !== false, vectors, seq };
    const summary = text.slice(0, MAX_TEXT);
    if (existing === null) {
      await memory.createItem({ scope, id: entryId(operation.namespace, operation.key), type: this.options.memoryType ?? "knowledge", summary, categories: [], metadata: { [ENTRY]: entry } });
    } else {
      await memory.updateItem({ scope, id: existing.id, summary, metadata: { [ENTRY]: entry } });
    }
  }
  /**
   * The entries whose namespace may start with `labels` (callers check the namespace itself), read through the id
   * index: the store's other memories and its namespaces elsewhere are never read. Entries written before ids
   * carried their namespace follow (they are read by their own id prefix, so a store without them pays nothing).
   */
  private async entries(labels: readonly string[]): Promise<{ item: Item; entry: Entry }[]> {
    const all: { item: Item; entry: Entry }[] = [];
    for (const idPrefix of [namespaceIdPrefix(labels), LEGACY_ID_PREFIX]) {
      let cursor: string | undefined;
      do {
        const page = await this.options.memory.listItems({ scope: this.options.scope, idPrefix, limit: 500, ...(cursor === undefined ? {} : { cursor }) });
        for (const item of page.records) {
          const entry = entryOf(item);
          if (entry !== undefined && scopeKey(item.scope) === scopeKey(this.options.scope)) all.push({ item, entry });
        }
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
    }
    return all;
  }

  private async searchMany(operation: SearchOperation): Promise<SearchItem[]> {
    const offset = operation.offset ?? 0;
    const limit = operation.limit ?? 10;
    const prefix = operation.namespacePrefix;
    const candidates = inInsertionOrder(await this.entries(prefix)).filter(
      ({ entry }) =>
        prefix.every((label, index) => entry.namespace[index] === label) &&
        Object.entries(operation.filter ?? {}).every(([field, filter]) => matches(entry.value[field], filter)),
    );
    if (operation.query === undefined || operation.query.trim() === "") {
      return candidates.slice(offset, offset + limit).map(({ item, entry }) => toStoreItem(item, entry));
    }
    const query = await this.embeddings.embedQuery(operation.query);
    const legacy = candidates.filter(({ entry }) => entry.indexed && entry.vectors === undefined);
    const legacyVectors = await this.embedFields(legacy.map(({ entry }) => fieldTexts({ namespace: entry.namespace, key: entry.key, value: entry.value }, this.fields)));
    const vectorsOf = new Map(legacy.map(({ entry }, index) => [entry, legacyVectors[index]!]));
    const scored = candidates.map((candidate) => ({ ...candidate, score: bestFieldScore(query, candidate.entry.vectors ?? vectorsOf.get(candidate.entry) ?? {}) }));
    // Best first (a stable sort: equal scores keep insertion order); entries with no vector follow, unscored.
    const ranked = scored.filter((hit) => hit.score !== undefined).sort((a, b) => b.score! - a.score!);
    return [...ranked, ...scored.filter((hit) => hit.score === undefined)]
      .slice(offset, offset + limit)
      .map(({ item, entry, score }) => ({ ...toStoreItem(item, entry), score }));
  }

  private async listNamespacesOf(operation: ListNamespacesOperation): Promise<string[][]> {
    // The id index narrows to the first prefix's labels before any wildcard; every condition is then checked exactly.
    const prefix = operation.matchConditions?.find((condition) => condition.matchType === "prefix")?.path ?? [];
    const fixed = prefix.indexOf("*") === -1 ? prefix : prefix.slice(0, prefix.indexOf("*"));
    let namespaces = [...new Map((await this.entries(fixed)).map(({ entry }) => [entry.namespace.join("\u0000"), entry.namespace])).values()];
    const conditions = operation.matchConditions ?? [];
    namespaces = namespaces.filter((namespace) => conditions.every((condition) => namespaceMatches(condition, namespace)));
    if (operation.maxDepth !== undefined) {
      namespaces = [...new Map(namespaces.map((namespace) => namespace.slice(0, operation.maxDepth)).map((namespace) => [namespace.join("\u0000"), namespace])).values()];
    }
    namespaces.sort((a, b) => a.join(":").localeCompare(b.join(":")));
    return namespaces.slice(operation.offset ?? 0, (operation.offset ?? 0) + (operation.limit ?? namespaces.length));
  }
}
