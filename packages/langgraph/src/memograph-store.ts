import {
  BaseStore,
  getTextAtPath,
  validateNamespace,
  type GetOperation,
  type Item as StoreItem,
  type ListNamespacesOperation,
  type MatchCondition,
  type Operation,
  type OperationResults,
  type PutOperation,
  type SearchItem,
  type SearchOperation,
} from "@langchain/langgraph-checkpoint";
import { MemographError, scopeKey, scopedItemId, type Item, type MemoryService, type Scope } from "@memograph/core";
import { createHash } from "node:crypto";

export interface MemographStoreOptions {
  readonly memory: MemoryService;
  /** The memograph scope every namespace of this store lives in (a tenant, an app, or one user). */
  readonly scope: Scope;
  /** Which fields of a value are its searchable text (LangGraph path syntax). Default: the whole value as JSON. */
  readonly index?: { readonly fields?: readonly string[] };
  /** The memory type of stored values. Default `knowledge`. */
  readonly memoryType?: string;
}

/** Where a LangGraph entry lives on its memograph item. */
interface Entry {
  readonly namespace: string[];
  readonly key: string;
  readonly value: Record<string, unknown>;
  readonly indexed: boolean;
}

const ENTRY = "langgraph";
// The core caps a memory's text; a longer value is still stored whole, only its searchable text is cut.
const MAX_TEXT = 10_000;

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
 * one memograph item inside the store's scope; its value is kept whole, its indexed fields are the item's text.
 * Searches with a query rank by memograph's retrieval; without one they list oldest first (LangGraph's
 * `InMemoryStore` lists by namespace, then insertion). A namespace whose last key is deleted is no longer listed
 * (`InMemoryStore` keeps listing it).
 */
export class MemographStore extends BaseStore {
  constructor(private readonly options: MemographStoreOptions) {
    super();
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
    for (const put of puts.values()) await this.putOne(put);
    return results as OperationResults<Op>;
  }

  /** The id this store asks for per (namespace, key); memograph stores it with its scope's suffix (`stored`). */
  private keyId(namespace: readonly string[], key: string): string {
    return `itm_lg_${createHash("sha256").update(JSON.stringify([namespace, key])).digest("hex").slice(0, 40)}`;
  }

  private storedId(namespace: readonly string[], key: string): string {
    return scopedItemId(this.options.scope, this.keyId(namespace, key));
  }

  private async find(namespace: readonly string[], key: string): Promise<Item | null> {
    try {
      return await this.options.memory.getItem({ scope: this.options.scope, id: this.storedId(namespace, key) });
    } catch (error) {
      if (MemographError.isInstance(error) && error.code === "NOT_FOUND") return null;
      throw error;
    }
  }

  private async getOne(operation: GetOperation): Promise<StoreItem | null> {
    const item = await this.find(operation.namespace, operation.key);
    const entry = item === null ? undefined : entryOf(item);
    return item === null || entry === undefined ? null : toStoreItem(item, entry);
  }

  private async putOne(operation: PutOperation): Promise<void> {
    const { memory, scope } = this.options;
    const existing = await this.find(operation.namespace, operation.key);
    if (operation.value === null) {
      if (existing !== null) await memory.deleteItem({ scope, id: existing.id });
      return;
    }
    const fields = operation.index === false ? [] : (operation.index ?? this.options.index?.fields ?? ["$"]);
    const text = fields.flatMap((field) => getTextAtPath(operation.value, field)).join("\n").trim() || JSON.stringify(operation.value);
    const entry: Entry = { namespace: [...operation.namespace], key: operation.key, value: operation.value, indexed: operation.index !== false };
    const summary = text.slice(0, MAX_TEXT);
    if (existing === null) {
      await memory.createItem({ scope, id: this.keyId(operation.namespace, operation.key), type: this.options.memoryType ?? "knowledge", summary, categories: [], metadata: { [ENTRY]: entry } });
    } else {
      await memory.updateItem({ scope, id: existing.id, summary, metadata: { [ENTRY]: entry } });
    }
  }

  /** Every entry of the store, oldest first. */
  private async entries(): Promise<{ item: Item; entry: Entry }[]> {
    const all: { item: Item; entry: Entry }[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.options.memory.listItems({ scope: this.options.scope, limit: 500, ...(cursor === undefined ? {} : { cursor }) });
      for (const item of page.records) {
        const entry = entryOf(item);
        if (entry !== undefined && scopeKey(item.scope) === scopeKey(this.options.scope)) all.push({ item, entry });
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return all;
  }

  private async searchMany(operation: SearchOperation): Promise<SearchItem[]> {
    const offset = operation.offset ?? 0;
    const limit = operation.limit ?? 10;
    const prefix = operation.namespacePrefix;
    const candidates = (await this.entries()).filter(
      ({ entry }) =>
        prefix.every((label, index) => entry.namespace[index] === label) &&
        Object.entries(operation.filter ?? {}).every(([field, filter]) => matches(entry.value[field], filter)),
    );
    if (operation.query === undefined || operation.query.trim() === "") {
      return candidates.slice(offset, offset + limit).map(({ item, entry }) => toStoreItem(item, entry));
    }
    const { items } = await this.options.memory.retrieve({ query: operation.query, scope: this.options.scope, topK: 200 });
    const scores = new Map(items.map((hit) => [hit.id, hit.score]));
    // Ranked by relevance; entries the search did not reach (or not indexed) follow, unscored, as in InMemoryStore.
    const ranked = candidates.filter(({ item, entry }) => entry.indexed && scores.has(item.id)).sort((a, b) => scores.get(b.item.id)! - scores.get(a.item.id)!);
    const rest = candidates.filter((candidate) => !ranked.includes(candidate));
    return [...ranked.map((candidate) => ({ ...candidate, score: scores.get(candidate.item.id) })), ...rest.map((candidate) => ({ ...candidate, score: undefined }))]
      .slice(offset, offset + limit)
      .map(({ item, entry, score }) => ({ ...toStoreItem(item, entry), score }));
  }

  private async listNamespacesOf(operation: ListNamespacesOperation): Promise<string[][]> {
    let namespaces = [...new Map((await this.entries()).map(({ entry }) => [entry.namespace.join("\u0000"), entry.namespace])).values()];
    const conditions = operation.matchConditions ?? [];
    namespaces = namespaces.filter((namespace) => conditions.every((condition) => namespaceMatches(condition, namespace)));
    if (operation.maxDepth !== undefined) {
      namespaces = [...new Map(namespaces.map((namespace) => namespace.slice(0, operation.maxDepth)).map((namespace) => [namespace.join("\u0000"), namespace])).values()];
    }
    namespaces.sort((a, b) => a.join(":").localeCompare(b.join(":")));
    return namespaces.slice(operation.offset ?? 0, (operation.offset ?? 0) + (operation.limit ?? namespaces.length));
  }
}
