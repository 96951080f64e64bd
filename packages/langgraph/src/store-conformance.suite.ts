import { Embeddings } from "@langchain/core/embeddings";
import { InvalidNamespaceError, type BaseStore, type IndexConfig, type Operation } from "@langchain/langgraph-checkpoint";
import { afterAll, describe, expect, it } from "vitest";

/**
 * What LangGraph's own store tests (libs/checkpoint/src/tests: store, namespace and vector tests) check of a
 * `BaseStore`, written as one suite so it runs against `InMemoryStore` (the reference: proof the suite encodes
 * LangGraph's behaviour) and against every backend of `MemographStore`.
 */
export interface ConformanceTarget {
  /** A new, empty store; `index` as LangGraph's `IndexConfig` (`new InMemoryStore({ index })`). */
  createStore(index?: IndexConfig): Promise<BaseStore>;
  /** Releases what the stores hold (connections, test data), after the suite. */
  close?(): Promise<void>;
}

/** Letter and digit counts: deterministic, non-negative, so cosine similarity lies in [0, 1] and equal texts tie. */
export class LetterCountEmbeddings extends Embeddings {
  readonly dims = 36;

  constructor() {
    super({});
  }

  vector(text: string): number[] {
    const counts = new Array<number>(this.dims).fill(0);
    for (const char of text.toLowerCase()) {
      const slot = "abcdefghijklmnopqrstuvwxyz0123456789".indexOf(char);
      if (slot >= 0) counts[slot]! += 1;
    }
    return counts;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((text) => this.vector(text));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.vector(text);
  }
}

function cosineOf(a: readonly number[], b: readonly number[]): number {
  const dot = a.reduce((sum, value, index) => sum + value * b[index]!, 0);
  const norm = (vector: readonly number[]) => Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
  return dot / (norm(a) * norm(b));
}

const keys = (items: readonly { key: string }[]) => items.map((item) => item.key);

export function runStoreConformance(name: string, target: ConformanceTarget): void {
  if (target.close) afterAll(() => target.close!());
  const embeddings = new LetterCountEmbeddings();
  const indexed = (fields?: string[]) => target.createStore({ dims: embeddings.dims, embeddings, ...(fields ? { fields } : {}) });

  describe(`${name}: LangGraph store conformance — keys`, () => {
    it("gets what was put, as an item with its namespace, key and dates; a missing key or namespace is null", async () => {
      const store = await target.createStore();
      await store.put(["docs", "a"], "one", { text: "first", n: 1 });
      expect(await store.get(["docs", "a"], "one")).toEqual({ value: { text: "first", n: 1 }, key: "one", namespace: ["docs", "a"], createdAt: expect.any(Date), updatedAt: expect.any(Date) });
      expect(await store.get(["docs", "a"], "two")).toBeNull();
      expect(await store.get(["docs", "b"], "one")).toBeNull();
      expect(await store.get(["docs"], "one")).toBeNull();
    });

    it("replaces a value on a second put, keeping its creation date; delete removes it, deleting a missing key is fine", async () => {
      const store = await target.createStore();
      await store.put(["docs"], "k", { v: 1 });
      const created = (await store.get(["docs"], "k"))!.createdAt;
      await store.put(["docs"], "k", { v: 2 });
      const updated = (await store.get(["docs"], "k"))!;
      expect(updated.value).toEqual({ v: 2 });
      expect(updated.createdAt.getTime()).toBe(created.getTime());
      expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(created.getTime());
      await expect(store.delete(["docs"], "k")).resolves.toBeUndefined();
      expect(await store.get(["docs"], "k")).toBeNull();
      await expect(store.delete(["docs"], "never")).resolves.toBeUndefined();
    });

    it("keeps the same key in two namespaces apart", async () => {
      const store = await target.createStore();
      await store.put(["a"], "k", { from: "a" });
      await store.put(["b"], "k", { from: "b" });
      await store.delete(["a"], "k");
      expect(await store.get(["a"], "k")).toBeNull();
      expect((await store.get(["b"], "k"))?.value).toEqual({ from: "b" });
    });

    it("refuses invalid namespaces; the reserved root `langgraph` only through batch, and anywhere below the root", async () => {
      const store = await target.createStore();
      for (const namespace of [[], ["the", "thing.about"], ["some", "fun", ""], ["langgraph", "foo"]]) {
        await expect(store.put(namespace, "k", { v: 1 }), JSON.stringify(namespace)).rejects.toThrow(InvalidNamespaceError);
      }
      await store.put(["foo", "langgraph", "foo"], "bar", { v: 1 });
      expect((await store.search(["foo", "langgraph", "foo"]))[0]?.value).toEqual({ v: 1 });
      await store.batch([{ namespace: ["langgraph", "foo"], key: "bar", value: { v: 2 } }]);
      expect((await store.get(["langgraph", "foo"], "bar"))?.value).toEqual({ v: 2 });
      expect((await store.search(["langgraph", "foo"]))[0]?.value).toEqual({ v: 2 });
      await store.delete(["langgraph", "foo"], "bar");
      expect(await store.get(["langgraph", "foo"], "bar")).toBeNull();
    });

    it("answers a batch in order: reads see the state before the batch's writes, and the last put of a key wins", async () => {
      const store = await target.createStore();
      await store.put(["b"], "gone", { v: 0 });
      const operations: Operation[] = [
        { namespace: ["b"], key: "k", value: { v: 1 } },
        { namespace: ["b"], key: "k" },
        { namespacePrefix: ["b"], limit: 10, offset: 0 },
        { namespace: ["b"], key: "k", value: { v: 2 } },
        { namespace: ["b"], key: "gone", value: { v: 1 } },
        { namespace: ["b"], key: "gone", value: null },
        { matchConditions: [], limit: 10, offset: 0 },
      ];
      const [put, read, search, , , , namespaces] = await store.batch(operations);
      expect(put ?? undefined).toBeUndefined();
      expect(read).toBeNull();
      expect(keys(search as unknown as { key: string }[])).toEqual(["gone"]);
      expect(namespaces).toEqual([["b"]]);
      expect((await store.get(["b"], "k"))?.value).toEqual({ v: 2 });
      expect(await store.get(["b"], "gone")).toBeNull();
    });
  });

  describe(`${name}: LangGraph store conformance — search`, () => {
    it("lists a namespace prefix by whole labels, namespaces in first-write order, keys in first-write order, unscored", async () => {
      const store = await target.createStore();
      await store.put(["a", "b"], "k1", { v: 1 });
      await store.put(["a", "c"], "k2", { v: 2 });
      await store.put(["a", "b"], "k3", { v: 3 });
      await store.put(["ab"], "k4", { v: 4 });
      await store.put(["a"], "k5", { v: 5 });
      await store.put(["a", "b"], "k1", { v: 11 });
      expect(keys(await store.search(["a", "b"]))).toEqual(["k1", "k3"]);
      expect(keys(await store.search(["a"]))).toEqual(["k1", "k3", "k2", "k5"]);
      const all = await store.search([]);
      expect(keys(all)).toEqual(["k1", "k3", "k2", "k4", "k5"]);
      expect(all[0]).toMatchObject({ namespace: ["a", "b"], key: "k1", value: { v: 11 } });
      expect(all.every((item) => item.score === undefined)).toBe(true);
      expect(await store.search(["nothing"])).toEqual([]);
    });

    it("pages: 10 by default, then limit and offset", async () => {
      const store = await target.createStore();
      for (let index = 0; index < 12; index += 1) await store.put(["many"], `k${String(index).padStart(2, "0")}`, { index });
      expect(await store.search(["many"])).toHaveLength(10);
      expect(keys(await store.search(["many"], { limit: 3, offset: 4 }))).toEqual(["k04", "k05", "k06"]);
      expect(keys(await store.search(["many"], { limit: 5, offset: 10 }))).toEqual(["k10", "k11"]);
      expect(await store.search(["many"], { offset: 12 })).toEqual([]);
    });

    it("filters on top-level fields: equality and $eq $ne $gt $gte $lt $lte $in $nin, all conditions at once", async () => {
      const store = await target.createStore();
      await store.put(["f"], "red-4", { color: "red", size: 4 });
      await store.put(["f"], "red-2", { color: "red", size: 2 });
      await store.put(["f"], "blue-3", { color: "blue", size: 3 });
      await store.put(["f"], "none", { size: 5 });
      const found = async (filter: Record<string, unknown>) => keys(await store.search(["f"], { filter }));
      expect(await found({ color: "red" })).toEqual(["red-4", "red-2"]);
      expect(await found({ color: { $eq: "blue" } })).toEqual(["blue-3"]);
      expect(await found({ color: { $ne: "red" } })).toEqual(["blue-3", "none"]);
      expect(await found({ size: { $gt: 3 } })).toEqual(["red-4", "none"]);
      expect(await found({ size: { $gte: 3 } })).toEqual(["red-4", "blue-3", "none"]);
      expect(await found({ size: { $lt: 3 } })).toEqual(["red-2"]);
      expect(await found({ size: { $lte: 3 } })).toEqual(["red-2", "blue-3"]);
      expect(await found({ color: { $in: ["blue", "green"] } })).toEqual(["blue-3"]);
      expect(await found({ color: { $nin: ["red"] } })).toEqual(["blue-3", "none"]);
      expect(await found({ color: "red", size: { $gte: 3, $lt: 10 } })).toEqual(["red-4"]);
      expect(await found({ color: "green" })).toEqual([]);
    });
  });

  describe(`${name}: LangGraph store conformance — listNamespaces`, () => {
    const fill = async (store: BaseStore, namespaces: string[][]) => {
      for (const [index, namespace] of namespaces.entries()) await store.put(namespace, `id_${index}`, { index });
    };

    it("lists every namespace sorted; an empty store lists none", async () => {
      const store = await target.createStore();
      expect(await store.listNamespaces()).toEqual([]);
      await fill(store, [["x", "y", "z"], ["a", "b", "d"], ["a", "b", "c"]]);
      expect(await store.listNamespaces()).toEqual([["a", "b", "c"], ["a", "b", "d"], ["x", "y", "z"]]);
    });

    it("matches prefixes and suffixes, with `*` for any one label, and both at once", async () => {
      const store = await target.createStore();
      await fill(store, [["a", "b", "c"], ["a", "b", "d", "e"], ["a", "b", "f"], ["a", "c", "f"], ["b", "a", "f"], ["users", "1"], ["users", "2", "settings"], ["admin", "users", "3"], ["admin", "users", "settings", "4"]]);
      expect(await store.listNamespaces({ prefix: ["a", "b"] })).toEqual([["a", "b", "c"], ["a", "b", "d", "e"], ["a", "b", "f"]]);
      expect(await store.listNamespaces({ suffix: ["f"] })).toEqual([["a", "b", "f"], ["a", "c", "f"], ["b", "a", "f"]]);
      expect(await store.listNamespaces({ prefix: ["a"], suffix: ["f"] })).toEqual([["a", "b", "f"], ["a", "c", "f"]]);
      expect(await store.listNamespaces({ prefix: ["users", "*"] })).toEqual([["users", "1"], ["users", "2", "settings"]]);
      expect(await store.listNamespaces({ suffix: ["*", "settings"] })).toEqual([["users", "2", "settings"]]);
      expect(await store.listNamespaces({ prefix: ["*", "users"], suffix: ["settings", "*"] })).toEqual([["admin", "users", "settings", "4"]]);
      expect(await store.listNamespaces({ prefix: ["non", "existent"] })).toEqual([]);
    });

    it("cuts namespaces to maxDepth (each once), and pages the sorted list", async () => {
      const store = await target.createStore();
      await fill(store, [["a", "b", "c", "d"], ["a", "b", "c", "e"], ["a", "b", "f"], ["a", "g"], ["h", "i", "j", "k"]]);
      expect(await store.listNamespaces({ maxDepth: 2 })).toEqual([["a", "b"], ["a", "g"], ["h", "i"]]);
      expect(await store.listNamespaces({ prefix: ["a", "b"], maxDepth: 3 })).toEqual([["a", "b", "c"], ["a", "b", "f"]]);
      for (let index = 0; index < 12; index += 1) await store.put(["page", `sub_${String(index).padStart(2, "0")}`], "k", { index });
      expect(await store.listNamespaces({ prefix: ["page"], limit: 5, offset: 5 })).toEqual([5, 6, 7, 8, 9].map((index) => ["page", `sub_0${index}`]));
      expect(await store.listNamespaces({ prefix: ["page"], limit: 5, offset: 10 })).toEqual([["page", "sub_10"], ["page", "sub_11"]]);
    });
  });

  describe(`${name}: LangGraph store conformance — vector search`, () => {
    it("exposes its IndexConfig", async () => {
      const store = (await indexed(["text"])) as BaseStore & { indexConfig?: IndexConfig };
      expect(store.indexConfig?.dims).toBe(embeddings.dims);
      expect(store.indexConfig?.embeddings).toBe(embeddings);
      expect(store.indexConfig?.fields).toEqual(["text"]);
    });

    it("scores by cosine similarity in [0, 1], best first; a value put with index false is found after, unscored", async () => {
      const store = await indexed(["text"]);
      await store.put(["t"], "far", { text: "xyz xyz" });
      await store.put(["t"], "near", { text: "apple pie" });
      await store.put(["t"], "exact", { text: "apple" });
      await store.put(["t"], "hidden", { text: "apple" }, false);
      const hits = await store.search(["t"], { query: "apple" });
      expect(keys(hits)).toEqual(["exact", "near", "far", "hidden"]);
      expect(hits[0]!.score).toBeCloseTo(1, 10);
      expect(hits[1]!.score).toBeCloseTo(cosineOf(embeddings.vector("apple"), embeddings.vector("apple pie")), 10);
      expect(hits[2]!.score).toBe(0);
      expect(hits[3]!.score).toBeUndefined();
      expect(keys(await store.search(["t"], { query: "apple", limit: 2, offset: 1 }))).toEqual(["near", "far"]);
    });

    it("re-embeds a value when it is replaced", async () => {
      const store = await indexed(["text"]);
      await store.put(["t"], "doc", { text: "zany zebra" });
      await store.put(["t"], "other", { text: "quiet mouse" });
      const before = (await store.search(["t"], { query: "zany zebra" })).find((hit) => hit.key === "doc")!.score!;
      await store.put(["t"], "doc", { text: "quiet mouse" });
      const after = await store.search(["t"], { query: "zany zebra" });
      expect(after.find((hit) => hit.key === "doc")!.score!).toBeLessThan(before);
      const now = await store.search(["t"], { query: "quiet mouse" });
      expect(now.map((hit) => hit.score)).toEqual([now[0]!.score, now[0]!.score]);
      expect(now[0]!.score).toBeCloseTo(1, 10);
    });

    it("combines a query with filters", async () => {
      const store = await indexed(["text"]);
      await store.put(["t"], "red-apple", { text: "red apple", color: "red", rating: 4.5 });
      await store.put(["t"], "red-car", { text: "red car", color: "red", rating: 3 });
      await store.put(["t"], "green-apple", { text: "green apple", color: "green", rating: 4 });
      await store.put(["t"], "blue-car", { text: "blue car", color: "blue", rating: 3.5 });
      expect(keys(await store.search(["t"], { query: "apple", filter: { color: "red" } }))).toEqual(["red-apple", "red-car"]);
      expect(keys(await store.search(["t"], { query: "car", filter: { color: "red" } }))).toEqual(["red-car", "red-apple"]);
      expect(keys(await store.search(["t"], { query: "bluecar", filter: { rating: { $gt: 3.2 } } }))[0]).toBe("blue-car");
      expect(keys(await store.search(["t"], { query: "apple", filter: { rating: { $gte: 4 }, color: "green" } }))).toEqual(["green-apple"]);
    });

    it("keeps one vector per indexed field: the best field wins, equal matches tie, unindexed fields do not count", async () => {
      const store = await indexed(["title", "body", "tags[*]"]);
      await store.put(["t"], "in-title", { title: "kiwi", body: "something else entirely", note: "mango" });
      await store.put(["t"], "in-body", { title: "unrelated words", body: "kiwi", note: "nothing" });
      await store.put(["t"], "in-tags", { title: "zzz", tags: ["qqq", "kiwi"] });
      await store.put(["t"], "no-field", { note: "kiwi" });
      const kiwi = await store.search(["t"], { query: "kiwi" });
      expect(keys(kiwi)).toEqual(["in-title", "in-body", "in-tags", "no-field"]);
      expect(kiwi[0]!.score).toBeCloseTo(1, 10);
      expect(kiwi[1]!.score).toBe(kiwi[0]!.score);
      expect(kiwi[2]!.score).toBe(kiwi[0]!.score);
      // A value with none of the indexed fields has no vector: found, unscored.
      expect(kiwi[3]!.score).toBeUndefined();
      const mango = await store.search(["t"], { query: "mango" });
      expect(mango.every((hit) => hit.score === undefined || hit.score < 0.9)).toBe(true);
    });

    it("indexes the whole value by default", async () => {
      const store = await target.createStore({ dims: embeddings.dims, embeddings });
      await store.put(["t"], "plum", { text: "plum" });
      await store.put(["t"], "kiwi", { text: "kiwi", n: 7 });
      const hits = await store.search(["t"], { query: JSON.stringify({ text: "kiwi", n: 7 }, null, 2) });
      expect(keys(hits)).toEqual(["kiwi", "plum"]);
      expect(hits[0]!.score).toBeCloseTo(1, 10);
    });

    it("follows LangGraph's path syntax: nested fields, array indexes from either end, [*], * and {a,b.c}", async () => {
      const store = await indexed(["meta.title", "items[-1]", "sections[*].body", "{a,b.c}", "stats.*"]);
      await store.put(["t"], "doc", { meta: { title: "kiwi" }, items: ["plum", "fig"], sections: [{ body: "lime" }, { body: "pear" }], a: "date", b: { c: "yuzu" }, stats: { x: "guava" } });
      for (const word of ["kiwi", "fig", "lime", "pear", "date", "yuzu", "guava"]) {
        expect((await store.search(["t"], { query: word }))[0]!.score, word).toBeCloseTo(1, 10);
      }
      expect((await store.search(["t"], { query: "plum" }))[0]!.score).toBeLessThan(0.9);
    });

    it("lets a put choose its own fields over the store's", async () => {
      const store = await indexed(["absent"]);
      await store.put(["t"], "doc3", { a: "aaa", b: "bbb", c: "ccc" }, ["a", "b"]);
      await store.put(["t"], "doc4", { a: "eee", b: "bbb", c: "ggg" }, ["b", "c"]);
      await store.put(["t"], "doc5", { a: "aaa" });
      const aaa = await store.search(["t"], { query: "aaa" });
      expect(keys(aaa)).toEqual(["doc3", "doc4", "doc5"]);
      expect(aaa[0]!.score).toBeGreaterThan(aaa[1]!.score!);
      expect(aaa[2]!.score).toBeUndefined();
      const bbb = await store.search(["t"], { query: "bbb" });
      expect(bbb[0]!.score).toBe(bbb[1]!.score);
      const ccc = await store.search(["t"], { query: "ccc" });
      expect(ccc.every((hit) => hit.score === undefined || hit.score < aaa[0]!.score!)).toBe(true);
    });
  });
}
