import { randomUUID } from "node:crypto";
import { HashingEmbedder, StoreFailureError, itemHash, scopeConditions, scopeKey, type Category, type Item, type Scope } from "@memograph/core";
import neo4j from "neo4j-driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { untilBlocked } from "../test-support/lock-waits.js";
import { Neo4jStore } from "./neo4j-store.js";

if (!process.env.NEO4J_URI) throw new Error("NEO4J_URI is not set: run the tests through `pnpm test`, or start Neo4j with `pnpm neo4j:start`");

// One write of new and stored items together, category counts, racing creators and a claimed id, through the port.
const embedder = new HashingEmbedder({ dimensions: 512 });
const store = new Neo4jStore();
const driver = neo4j.driver(process.env.NEO4J_URI, neo4j.auth.basic(process.env.NEO4J_USER ?? "neo4j", process.env.NEO4J_PASSWORD ?? ""));
const now = "2026-12-02T00:00:00.000Z";

const category = (scope: Scope, name: string): { record: Category; embedding: number[] } => ({
  record: { id: `cat_${randomUUID().replace(/-/g, "")}`, name, description: name, summary: "", citedItemIds: [], itemCount: 0, scope, createdAt: now, updatedAt: now },
  embedding: new Array(512).fill(0).map((_, index) => (index === name.length ? 1 : 0)),
});

// Item ids are unique database-wide: each scope's are prefixed with its user, and `short` takes the prefix off.
const idIn = (scope: Scope, id: string) => `${scope.userId}_${id}`;
const short = (id: string) => id.slice(id.lastIndexOf("_") + 1);

async function item(scope: Scope, id: string, summary: string, categories: string[], status: Item["status"] = "active") {
  const [embedding] = await embedder.embed([summary]);
  return {
    record: { id: idIn(scope, id), type: "knowledge", summary, happenedAt: null, contentHash: itemHash("knowledge", summary), reinforcementCount: 1, lastReinforcedAt: null, status, scope, sources: [], categories, metadata: {}, createdAt: now, updatedAt: now } satisfies Item,
    embedding: embedding!,
  };
}

const counts = async (scope: Scope) => Object.fromEntries((await store.listCategories({ conditions: scopeConditions(scope) })).map((each) => [each.name, each.itemCount]));

beforeAll(() => store.init({ id: embedder.id, dimensions: embedder.dimensions }));
afterAll(() => Promise.all([store.close(), driver.close()]));

describe("Neo4jStore item upserts", () => {
  it("creates new items and updates stored ones in one write, each category counting its active items once", async () => {
    const scope = { userId: `writes-${randomUUID()}` };
    await store.write(scope, { upsertCategories: [category(scope, "pets"), category(scope, "work")] });
    await store.write(scope, { upsertItems: [await item(scope, "a", "Has a cat", ["pets"]), await item(scope, "b", "Has a dog", ["pets"]), await item(scope, "c", "Writes code", ["work"])] });
    expect(await counts(scope)).toEqual({ pets: 2, work: 1 });
    // a moves to work, c is superseded, d is new and active, e is new and superseded.
    await store.write(scope, {
      upsertItems: [await item(scope, "a", "Has a cat at work", ["work"]), await item(scope, "c", "Writes code", ["work"], "superseded"), await item(scope, "d", "Walks the dog", ["pets"]), await item(scope, "e", "Had a bird", ["pets"], "superseded")],
    });
    expect(await counts(scope)).toEqual({ pets: 2, work: 1 });
    const items = await store.getItems({ conditions: scopeConditions(scope) }, ["a", "b", "c", "d", "e"].map((id) => idIn(scope, id)));
    expect(items.map((each) => [short(each.id), each.summary, each.categories, each.status])).toEqual([
      ["a", "Has a cat at work", ["work"], "active"],
      ["b", "Has a dog", ["pets"], "active"],
      ["c", "Writes code", ["work"], "superseded"],
      ["d", "Walks the dog", ["pets"], "active"],
      ["e", "Had a bird", ["pets"], "superseded"],
    ]);
    expect((await store.textSearch("item", { conditions: scopeConditions(scope) }, "dog", 10)).map((hit) => short(hit.id)).sort()).toEqual(["b", "d"]);
    expect((await store.vectorSearch("item", { conditions: scopeConditions(scope) }, (await embedder.embed(["Walks the dog"]))[0]!, 1)).map((hit) => short(hit.id))).toEqual(["d"]);
    await store.forget({ conditions: scopeConditions(scope) });
  });

  it("writes nothing of a batch whose new item names a category the scope lacks", async () => {
    const scope = { userId: `writes-${randomUUID()}` };
    await store.write(scope, { upsertCategories: [category(scope, "pets")] });
    const write = store.write(scope, { upsertItems: [await item(scope, "a", "Has a cat", ["pets"]), await item(scope, "b", "Has a dog", ["missing"])] });
    await expect(write).rejects.toBeInstanceOf(StoreFailureError);
    await expect(write).rejects.toMatchObject({ field: "upsertItems", message: expect.stringContaining(`Item ${idIn(scope, "b")}`) });
    expect(await store.getItems({ conditions: scopeConditions(scope) }, [idIn(scope, "a"), idIn(scope, "b")])).toEqual([]);
    expect(await counts(scope)).toEqual({ pets: 0 });
    await store.forget({ conditions: scopeConditions(scope) });
  });

  it("lets two writers create the same new item at once: both succeed, one item stays, counted once", async () => {
    const scope = { userId: `writes-${randomUUID()}` };
    await store.write(scope, { upsertCategories: [category(scope, "pets")] });
    for (let round = 0; round < 5; round++) {
      const id = `same-${round}`;
      const results = await Promise.all([store.write(scope, { upsertItems: [await item(scope, id, "Has a cat", ["pets"])] }), store.write(scope, { upsertItems: [await item(scope, id, "Has a cat called Tom", ["pets"])] })]);
      expect(results).toEqual([{ status: "applied" }, { status: "applied" }]);
    }
    const listed = await store.listItems({ conditions: scopeConditions(scope) }, {}, { limit: 20 });
    expect(listed.records.map((each) => short(each.id)).sort()).toEqual(["same-0", "same-1", "same-2", "same-3", "same-4"]);
    expect(await counts(scope)).toEqual({ pets: 5 });
    await store.forget({ conditions: scopeConditions(scope) });
  });

  it("relinks an item superseded while the relink waited for it as superseded: its status stays, no category counts it", async () => {
    const scope = { userId: `writes-${randomUUID()}` };
    await store.write(scope, { upsertCategories: [category(scope, "pets"), category(scope, "work")] });
    await store.write(scope, { upsertItems: [await item(scope, "a", "Has a cat", ["pets"])] });
    // Another writer supersedes the item and holds its lock while the relink comes in.
    const session = driver.session();
    const superseding = await session.beginTransaction();
    await superseding.run("MATCH (n:Item {id: $id}) SET n.status = 'superseded' WITH n MATCH (n)-[:IN_CATEGORY]->(c:Category) SET c.itemCount = c.itemCount - 1", { id: idIn(scope, "a") });
    const relinked = store.write(scope, { relinkItems: [{ itemId: idIn(scope, "a"), categories: ["work"] }] });
    await untilBlocked(driver, "scopeKey", scopeKey(scope));
    await superseding.commit();
    await session.close();
    await relinked;
    expect((await store.getItems({ conditions: scopeConditions(scope) }, [idIn(scope, "a")])).map((each) => [each.status, each.categories])).toEqual([["superseded", ["work"]]]);
    expect(await counts(scope)).toEqual({ pets: 0, work: 0 });
    await store.forget({ conditions: scopeConditions(scope) });
  });

  it("refuses a new batch naming an item id another scope holds, writing none of it", async () => {
    const mine = { userId: `writes-${randomUUID()}` };
    const theirs = { userId: `writes-${randomUUID()}` };
    const taken = await item(theirs, "taken", "Their secret", []);
    await store.write(theirs, { upsertItems: [taken] });
    const claim = { ...taken, record: { ...taken.record, summary: "My note", scope: mine } };
    const write = store.write(mine, { upsertItems: [await item(mine, "fresh", "My note", []), claim] });
    await expect(write).rejects.toMatchObject({ field: "id" });
    expect(await store.getItems({ conditions: scopeConditions(mine) }, [idIn(mine, "fresh"), taken.record.id])).toEqual([]);
    expect((await store.getItems({ conditions: scopeConditions(theirs) }, [taken.record.id]))[0]?.summary).toBe("Their secret");
    for (const scope of [mine, theirs]) await store.forget({ conditions: scopeConditions(scope) });
  });
});
