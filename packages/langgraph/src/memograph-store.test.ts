import { InMemoryStore, type BaseStore, type Item as StoreItem, type Operation } from "@langchain/langgraph-checkpoint";
import { createMemory } from "@memograph/core";
import { createHash } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { MemographStore } from "./memograph-store.js";

type Step = {
  readonly name: string;
  readonly run: (store: BaseStore) => Promise<unknown>;
  /** A documented difference: what ours gives, computed from what InMemoryStore gives. */
  readonly differs?: (reference: unknown) => unknown;
};

/** What two stores must agree on: values, keys and namespaces (timestamps differ by nature). */
function observable(result: unknown): unknown {
  const item = (value: StoreItem) => ({ namespace: value.namespace, key: value.key, value: value.value });
  if (result === null || result === undefined) return null;
  if (Array.isArray(result) && result.every((entry) => typeof entry === "object" && entry !== null && "key" in entry)) {
    return (result as StoreItem[]).map(item);
  }
  if (typeof result === "object" && "key" in (result as object)) return item(result as StoreItem);
  return result;
}

const put = (namespace: string[], key: string, value: Record<string, unknown> | null, index?: false | string[]): Step => ({
  name: `put ${namespace.join("/")}:${key}`,
  run: async (store) => (value === null ? store.delete(namespace, key) : store.put(namespace, key, value, index)),
});

const STEPS: Step[] = [
  put(["users", "u1", "prefs"], "food", { likes: "ramen", level: 3 }),
  put(["users", "u1", "prefs"], "music", { likes: "jazz", level: 5 }),
  put(["users", "u1", "facts"], "home", { city: "Oslo", note: "moved in 2021" }, ["city"]),
  put(["users", "u2", "prefs"], "food", { likes: "tacos", level: 4 }),
  put(["teams", "core"], "charter", { goal: "ship memory" }, false),
  { name: "get existing", run: (store) => store.get(["users", "u1", "prefs"], "food") },
  { name: "get missing key", run: (store) => store.get(["users", "u1", "prefs"], "nope") },
  { name: "get missing namespace", run: (store) => store.get(["nobody"], "food") },
  { name: "search a prefix", run: (store) => store.search(["users", "u1"]) },
  { name: "search everything", run: (store) => store.search([], { limit: 100 }) },
  { name: "search with $gte filter", run: (store) => store.search(["users"], { filter: { level: { $gte: 4 } } }) },
  { name: "search with equality filter", run: (store) => store.search(["users"], { filter: { likes: "jazz" } }) },
  { name: "search with $in and $ne", run: (store) => store.search(["users"], { filter: { likes: { $in: ["ramen", "tacos"] }, level: { $ne: 4 } } }) },
  { name: "search past the end", run: (store) => store.search(["users"], { offset: 10 }) },
  { name: "list all namespaces", run: (store) => store.listNamespaces() },
  { name: "list by prefix", run: (store) => store.listNamespaces({ prefix: ["users", "u1"] }) },
  { name: "list by suffix", run: (store) => store.listNamespaces({ suffix: ["prefs"] }) },
  { name: "list with a wildcard", run: (store) => store.listNamespaces({ prefix: ["users", "*", "prefs"] }) },
  { name: "list to depth 2", run: (store) => store.listNamespaces({ maxDepth: 2 }) },
  { name: "list a page", run: (store) => store.listNamespaces({ limit: 2, offset: 1 }) },
  put(["users", "u1", "prefs"], "food", { likes: "udon", level: 3 }),
  { name: "get after update", run: (store) => store.get(["users", "u1", "prefs"], "food") },
  put(["users", "u1", "facts"], "home", null),
  { name: "get after delete", run: (store) => store.get(["users", "u1", "facts"], "home") },
  {
    name: "list after delete",
    run: (store) => store.listNamespaces(),
    // InMemoryStore keeps listing a namespace after its last key is deleted; ours lists only namespaces with values.
    differs: (reference) => (reference as string[][]).filter((namespace) => namespace.join("/") !== "users/u1/facts"),
  },
  {
    name: "batch: reads see the state before the batch's writes, last put wins",
    run: async (store) => {
      const operations: Operation[] = [
        { namespace: ["b"], key: "k", value: { v: 1 } },
        { namespace: ["b"], key: "k" },
        { namespace: ["b"], key: "k", value: { v: 2 } },
      ];
      const [, read] = await store.batch(operations);
      return [read ?? null, observable(await store.get(["b"], "k"))];
    },
  },
];

describe("MemographStore parity with LangGraph's InMemoryStore", () => {
  it("gives the same observable results for the same sequence of operations", async () => {
    const reference = new InMemoryStore();
    const ours = new MemographStore({ memory: await createMemory(), scope: { userId: "app" } });
    for (const step of STEPS) {
      const [expected, actual] = [observable(await step.run(reference)), observable(await step.run(ours))];
      expect(actual, step.name).toEqual(step.differs ? step.differs(expected) : expected);
      if (step.differs) expect(actual, `${step.name} is a real difference`).not.toEqual(expected);
    }
  });

  it("rejects the namespaces LangGraph rejects", async () => {
    const ours = new MemographStore({ memory: await createMemory(), scope: { userId: "app" } });
    await expect(ours.put([], "k", { v: 1 })).rejects.toThrow(/Namespace cannot be empty/);
    await expect(ours.put(["a.b"], "k", { v: 1 })).rejects.toThrow(/periods/);
  });
});

describe("MemographStore", () => {
  it("ranks a natural-language search by relevance, with scores; unindexed values are found but not ranked", async () => {
    const store = new MemographStore({ memory: await createMemory(), scope: { userId: "app" }, index: { fields: ["text"] } });
    await store.put(["notes"], "a", { text: "Booked a table at the sushi bar for Friday" });
    await store.put(["notes"], "b", { text: "Renewed the car insurance" });
    await store.put(["notes"], "c", { text: "sushi recipe" }, false);
    const hits = await store.search(["notes"], { query: "sushi dinner Friday" });
    expect(hits[0]).toMatchObject({ key: "a", value: { text: "Booked a table at the sushi bar for Friday" } });
    expect(hits[0]!.score).toBeGreaterThan(0);
    expect(hits.find((hit) => hit.key === "c")?.score).toBeUndefined();
  });

  it("keeps stores of two scopes apart, and its entries are ordinary memories of the scope", async () => {
    const memory = await createMemory();
    const a = new MemographStore({ memory, scope: { userId: "a" } });
    const b = new MemographStore({ memory, scope: { userId: "b" } });
    await a.put(["profile"], "name", { name: "Ada" });
    expect(await b.get(["profile"], "name")).toBeNull();
    expect(await b.search([])).toEqual([]);
    expect((await memory.retrieve({ query: "Ada", scope: { userId: "a" } })).items).toHaveLength(1);
    await memory.forget({ scope: { userId: "a" } });
    expect(await a.get(["profile"], "name")).toBeNull();
  });

  it("another scope can neither detect an entry's id nor take it before the owner writes the key again", async () => {
    const memory = await createMemory();
    const bob = new MemographStore({ memory, scope: { userId: "bob" } });
    const mallory = { userId: "mallory" };
    await bob.put(["profile"], "name", { name: "Bob" });
    const [entry] = (await memory.listItems({ scope: { userId: "bob" } })).records;
    // Creating under Bob's id is Mallory's own item, not a "belongs to another scope" answer about Bob's.
    await expect(memory.createItem({ scope: mallory, id: entry!.id, type: "knowledge", summary: "probe" })).resolves.toMatchObject({ scope: mallory });
    // Bob deletes the key; Mallory takes every id she knows of before Bob writes it again.
    await bob.delete(["profile"], "name");
    const unsuffixed = entry!.id.slice(0, entry!.id.lastIndexOf("_"));
    for (const id of [entry!.id, unsuffixed]) await memory.createItem({ scope: mallory, id, type: "knowledge", summary: "claimed" }).catch(() => undefined);
    await bob.put(["profile"], "name", { name: "Bob B." });
    expect((await bob.get(["profile"], "name"))?.value).toEqual({ name: "Bob B." });
  });

  it("reads only its entries under the asked namespace, through id-prefix queries, never the scope's other memories", async () => {
    const memory = await createMemory();
    const scope = { userId: "app" };
    for (let index = 0; index < 40; index += 1) await memory.createItem({ scope, type: "knowledge", summary: `Unrelated memory ${index}` });
    const store = new MemographStore({ memory, scope });
    await store.put(["users", "u1"], "a", { text: "alpha" });
    await store.put(["users", "u1", "notes"], "b", { text: "beta" });
    await store.put(["users", "u2"], "c", { text: "gamma" });
    await store.put(["teams"], "d", { text: "delta" });
    const listItems = vi.spyOn(memory, "listItems");
    const read = async () =>
      (await Promise.all(listItems.mock.results.map((result) => result.value as ReturnType<typeof memory.listItems>))).flatMap((page) => page.records.map((item) => (item.metadata.langgraph as { key: string }).key));

    expect((await store.search(["users", "u1"], { query: "alpha" })).map((hit) => hit.key)).toEqual(["a", "b"]);
    expect(listItems.mock.calls.every(([input]) => input.idPrefix !== undefined)).toBe(true);
    expect((await read()).sort()).toEqual(["a", "b"]);

    listItems.mockClear();
    expect(await store.listNamespaces({ prefix: ["users", "*"], maxDepth: 2 })).toEqual([["users", "u1"], ["users", "u2"]]);
    expect((await read()).sort()).toEqual(["a", "b", "c"]);
  });

  it("keeps reading and writing entries stored before ids carried their namespace", async () => {
    const memory = await createMemory();
    const scope = { userId: "app" };
    const legacyId = `itm_lg_${createHash("sha256").update(JSON.stringify([["old", "ns"], "k"])).digest("hex").slice(0, 40)}`;
    const entry = { namespace: ["old", "ns"], key: "k", value: { text: "kept from before" }, indexed: true };
    await memory.createItem({ scope, id: legacyId, type: "knowledge", summary: "kept from before", metadata: { langgraph: entry } });
    const store = new MemographStore({ memory, scope, index: { fields: ["text"] } });
    expect((await store.get(["old", "ns"], "k"))?.value).toEqual({ text: "kept from before" });
    expect(await store.listNamespaces()).toEqual([["old", "ns"]]);
    const [hit] = await store.search(["old"], { query: "kept from before" });
    expect(hit).toMatchObject({ key: "k" });
    expect(hit!.score).toBeCloseTo(1, 6);
    await store.put(["old", "ns"], "k", { text: "changed" });
    expect((await memory.listItems({ scope })).records.map((item) => item.id.slice(0, legacyId.length))).toEqual([legacyId]);
    expect((await store.get(["old", "ns"], "k"))?.value).toEqual({ text: "changed" });
    await store.delete(["old", "ns"], "k");
    expect(await store.search([])).toEqual([]);
  });

  it("refuses embeddings that do not return `dims` numbers per text, and stores nothing", async () => {
    const memory = await createMemory();
    const embeddings = { embedDocuments: async (texts: string[]) => texts.map(() => [1, 2]), embedQuery: async () => [1, 2] };
    const store = new MemographStore({ memory, scope: { userId: "app" }, index: { dims: 3, embeddings: embeddings as never } });
    await expect(store.put(["docs"], "a", { text: "hello" })).rejects.toMatchObject({ code: "VALIDATION", field: "index.dims" });
    expect(await store.get(["docs"], "a")).toBeNull();
  });
});
