import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { InMemoryStore } from "@langchain/langgraph-checkpoint";
import { DEFAULT_CATEGORIES, HashingEmbedder, createMemory, itemHash, type Category, type Item, type MemoryService } from "@memograph/core";
import { MemographEmbeddings } from "@memograph/langchain";
import { Neo4jStore } from "@memograph/neo4j";
import type { SyntheticItem } from "./synthetic.js";

export interface ScaleSystem {
  readonly name: string;
  /** Stores the items in batches. */
  ingest(items: readonly SyntheticItem[]): Promise<void>;
  /** A retrieval over everything (`userId` undefined) or filtered to one user. */
  retrieve(query: string, userId: string | undefined): Promise<number>;
  close(): Promise<void>;
}

const BATCH = 1000;
// One tenant (the partition, `userId`) holds every synthetic user (as `agentId`): a read of the tenant covers all
// items, a read of one user filters inside it.

/**
 * Writes synthetic memories the way a bulk import would: batched through the store port, grouped by scope (memorize
 * adds extraction). Each scope gets memorize's built-in categories and each memory is filed in one of them, as
 * memorize would file it.
 */
export async function writeSynthetic(memory: MemoryService, embedder: HashingEmbedder, items: readonly SyntheticItem[], scopeOf: (userId: string) => Record<string, string>): Promise<void> {
  const byUser = new Map<string, SyntheticItem[]>();
  for (const item of items) {
    const own = byUser.get(item.userId);
    if (own === undefined) byUser.set(item.userId, [item]);
    else own.push(item);
  }
  const categoryVectors = await embedder.embed(DEFAULT_CATEGORIES.map((category) => `${category.name} ${category.description}`));
  for (const [userId, own] of byUser) {
    const scope = scopeOf(userId);
    for (let start = 0; start < own.length; start += BATCH) {
      const batch = own.slice(start, start + BATCH);
      const vectors = await embedder.embed(batch.map((item) => item.text));
      const now = new Date().toISOString();
      const upsertCategories = start > 0 ? [] : DEFAULT_CATEGORIES.map((category, index) => ({
        record: { id: `cat_${randomUUID().replace(/-/g, "")}`, name: category.name, description: category.description, summary: "", citedItemIds: [], itemCount: 0, scope, createdAt: now, updatedAt: now } satisfies Category,
        embedding: categoryVectors[index]!,
      }));
      const upsertItems = batch.map((item, offset) => ({
        record: {
          id: `itm_${randomUUID().replace(/-/g, "")}`, type: "knowledge", summary: item.text, happenedAt: null, contentHash: itemHash("knowledge", item.text),
          reinforcementCount: 1, lastReinforcedAt: null, status: "active", scope, sources: [], categories: [DEFAULT_CATEGORIES[(start + offset) % DEFAULT_CATEGORIES.length]!.name],
          metadata: {}, createdAt: now, updatedAt: now,
        } satisfies Item,
        embedding: vectors[offset]!,
      }));
      await memory.store.write(scope, { upsertCategories, upsertItems });
    }
  }
}

/**
 * memograph with its default offline configuration, on Neo4j or on the embedded store in a folder (as an application
 * keeps it: an in-memory store holds all of its data in the process, which is not what a million memories want).
 * Access recording is on, as by default (each retrieve buffers its hits; a flush writes them in one store write);
 * `accessRecording: false` turns it off.
 */
export async function memographScale(store: "embedded" | "neo4j", options: { readonly accessRecording?: false } = {}): Promise<ScaleSystem> {
  const embedder = new HashingEmbedder();
  const dir = store === "embedded" ? await mkdtemp(path.join(tmpdir(), "memograph-scale-")) : undefined;
  const memory: MemoryService = await createMemory({ embedder, ...(dir === undefined ? { store: new Neo4jStore() } : { dir }), ...options });
  const tenant = `scale-${randomUUID().slice(0, 8)}`;
  return {
    name: `memograph-${store}${options.accessRecording === false ? "-access-off" : ""}`,
    async ingest(items) {
      await writeSynthetic(memory, embedder, items, (userId) => ({ userId: tenant, agentId: userId }));
    },
    async retrieve(query, userId) {
      const result = await memory.retrieve({ query, scope: userId === undefined ? { userId: tenant } : { userId: tenant, agentId: userId }, topK: { items: 10, categories: 1, resources: 1 } });
      return result.items.length;
    },
    async close() {
      if (store === "neo4j") await memory.forget({ scope: { userId: tenant } });
      await memory.close();
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** LangGraph's InMemoryStore with a vector index (the same embedder), one namespace per user. */
export function inMemoryStoreScale(): ScaleSystem {
  const embeddings = new MemographEmbeddings(new HashingEmbedder());
  const store = new InMemoryStore({ index: { dims: embeddings.dimensions, embeddings, fields: ["text"] } });
  let key = 0;
  return {
    name: "langgraph-inmemorystore",
    async ingest(items) {
      for (let start = 0; start < items.length; start += BATCH) {
        await store.batch(items.slice(start, start + BATCH).map((item) => ({ namespace: ["users", item.userId], key: String(key++), value: { text: item.text } })));
      }
    },
    async retrieve(query, userId) {
      return (await store.search(userId === undefined ? ["users"] : ["users", userId], { query, limit: 10 })).length;
    },
    async close() {},
  };
}
