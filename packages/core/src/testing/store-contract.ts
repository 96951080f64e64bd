import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemographError } from "../errors/index.js";
import { categorySchema, itemSchema, resourceSchema, type Item } from "../model/index.js";
import type { MemoryStore } from "../ports/index.js";
import { HashingEmbedder } from "../providers/offline/hashing-embedder.js";
import { createMemory, type MemoryService } from "../service/memory-service.js";
import { expectVectorFrom } from "./stored-vector.js";
import { scriptedLanguageModel } from "./scripted-memory-model.js";
import { runHardeningContract } from "./store-contract-hardening.js";
import { runAcrossScopesContract } from "./store-contract-scopes.js";
import { runReorganizeContract } from "./store-contract-reorganize.js";

export interface StoreContractOptions {
  /** A store ready for `init`; tests isolate themselves by scope, so one store may serve them all. */
  readonly createStore: () => Promise<MemoryStore>;
}

const conversation = (lines: readonly string[]) =>
  lines.map((content, index) => ({ role: index % 2 === 0 ? "user" : "assistant", content, created_at: "2024-03-10T09:00:00Z" }));

const FACTS = [
  "I adopted a beagle called Biscuit last week.",
  "Good for you! Beagles are lovely dogs.",
  "I work as a nurse at the children's hospital in Leeds.",
  "That sounds demanding but rewarding.",
  "My favourite food is spicy ramen with extra garlic.",
];

/**
 * The behaviour every MemoryStore must show, run through the MemoryService as users drive it. A store package
 * calls this from its own test file with a factory; a third-party store can run it too.
 */
export function runStoreContract(name: string, options: StoreContractOptions): void {
  describe(`MemoryStore contract: ${name}`, () => {
    let memory: MemoryService;
    const user = () => ({ userId: `u-${randomUUID()}` });

    beforeAll(async () => {
      // The default embedder (one Neo4j Community server has one database, shared with other tests), and both lists
      // in the fusion, so vector and keyword search of the store are both exercised.
      memory = await createMemory({ store: await options.createStore(), fusionWeights: { vector: 1, text: 1 } });
    });
    afterAll(async () => {
      await memory.close();
    });

    it("memorizes a conversation into items that trace back to their messages", async () => {
      const scope = user();
      const result = await memory.memorize({ content: conversation(FACTS), uri: "chat://1", scope });
      expect(result.created).toBe(true);
      expect(result.resource.modality).toBe("conversation");
      const beagle = result.items.find((item) => item.summary.includes("beagle called Biscuit"));
      expect(beagle?.summary).toMatch(/^User adopted a beagle called Biscuit last week \(the week before 10 March 2024\)/);
      expect(beagle?.sources).toEqual([{ resourceId: result.resource.id, span: { kind: "messages", messageIds: ["m1"] } }]);
      const trace = await memory.trace({ scope, id: beagle!.id });
      expect(trace.sources[0]?.excerpt).toBe("[m1] User: I adopted a beagle called Biscuit last week.");
      expect(trace.sources[0]?.resource.uri).toBe("chat://1");
      expect(trace.categories.map((category) => category.name)).toEqual(beagle!.categories);
      for (const category of result.categories) expect(category.scope).toEqual(scope);
      // Records come back in the model's exact shape, whatever the store.
      for (const item of result.items) itemSchema.parse(item);
      for (const category of result.categories) categorySchema.parse(category);
      resourceSchema.parse(await memory.getResource({ scope, id: result.resource.id }));
      itemSchema.parse(await memory.getItem({ scope, id: beagle!.id }));
    });

    it("traces a category to the items it cites and their sources, and a resource to what was drawn from it", async () => {
      const scope = user();
      const result = await memory.memorize({ content: conversation(FACTS), uri: "chat://provenance", scope });
      const category = result.categories.find((candidate) => candidate.citedItemIds.length > 0)!;
      const categoryTrace = await memory.traceCategory({ scope, id: category.id });
      expect(categoryTrace.items.map((entry) => entry.item.id).sort()).toEqual([...category.citedItemIds].sort());
      for (const entry of categoryTrace.items) {
        expect(entry.item.categories).toContain(category.name);
        expect(entry.sources[0]?.resource.uri).toBe("chat://provenance");
        expect(entry.sources[0]?.excerpt).toMatch(/^\[m\d+\] (User|Assistant): /);
      }
      const resourceTrace = await memory.traceResource({ scope, id: result.resource.id });
      expect(resourceTrace.items.map((item) => item.id).sort()).toEqual(result.items.map((item) => item.id).sort());
      expect(resourceTrace.categories.map((candidate) => candidate.name).sort()).toEqual([...new Set(result.items.flatMap((item) => item.categories))].sort());
    });

    it("re-memorizing the same content is a no-op that returns the first result", async () => {
      const scope = user();
      const first = await memory.memorize({ content: conversation(FACTS), scope });
      const again = await memory.memorize({ content: conversation(FACTS), scope });
      expect(again.created).toBe(false);
      expect(again.resource.id).toBe(first.resource.id);
      expect(again.items.map((item) => item.id).sort()).toEqual(first.items.map((item) => item.id).sort());
      const listed = await memory.listItems({ scope, limit: 500 });
      expect(listed.records).toHaveLength(first.items.length);
      expect((await memory.listResources({ scope })).records).toHaveLength(1);
    });

    it("concurrent memorize of the same content stores it once", async () => {
      const scope = user();
      const results = await Promise.all(Array.from({ length: 5 }, () => memory.memorize({ content: conversation(FACTS), scope })));
      expect(new Set(results.map((result) => result.resource.id)).size).toBe(1);
      expect(results.filter((result) => result.created)).toHaveLength(1);
      expect((await memory.listItems({ scope, limit: 500 })).records).toHaveLength(results[0]!.items.length);
    });

    it("reinforces a memory seen again in another resource instead of duplicating it", async () => {
      const scope = user();
      const first = await memory.memorize({ content: "I play the cello in an amateur orchestra.", modality: "document", scope });
      const second = await memory.memorize({ content: "I play the cello in an amateur orchestra.\nI also sing in a choir on Sundays.", modality: "document", scope });
      const cello = second.items.find((item) => item.summary.includes("cello"))!;
      expect(cello.id).toBe(first.items[0]!.id);
      expect(cello.reinforcementCount).toBe(2);
      expect(cello.sources.map((source) => source.resourceId)).toEqual([first.resource.id, second.resource.id]);
    });

    it("retrieves by meaning of the words, with scores and provenance on every hit", async () => {
      const scope = user();
      const result = await memory.memorize({ content: conversation(FACTS), scope });
      const found = await memory.retrieve({ query: "Which hospital does the user work at?", scope, topK: 3 });
      expect(found.items[0]?.summary).toContain("nurse at the children's hospital");
      for (const hit of found.items) {
        expect(hit.score).toBeGreaterThan(0);
        expect(hit.sources[0]?.resourceId).toBe(result.resource.id);
      }
      expect(found.resources[0]?.id).toBe(result.resource.id);
      expect(found.usage.modelCalls).toBe(0);
    });

    it("creates, updates and deletes items, keeping category summaries and citations in step", async () => {
      const scope = user();
      const created = await memory.createItem({ scope, type: "profile", summary: "Prefers tea over coffee", categories: ["preferences"] });
      expect(created.sources).toEqual([]);
      let [preferences] = (await memory.listCategories({ scope })).filter((category) => category.name === "preferences");
      expect(preferences?.citedItemIds).toEqual([created.id]);
      expect(preferences?.summary).toContain(`Prefers tea over coffee [${created.id}]`);

      const updated = await memory.updateItem({ scope, id: created.id, summary: "Prefers green tea over coffee", categories: ["preferences", "habits"] });
      expect(updated.summary).toBe("Prefers green tea over coffee");
      expect(updated.categories).toEqual(["habits", "preferences"]);
      const categories = await memory.listCategories({ scope });
      expect(categories.find((category) => category.name === "habits")?.summary).toContain("green tea");
      expect((await memory.retrieve({ query: "green tea", scope })).items[0]?.id).toBe(created.id);

      await memory.deleteItem({ scope, id: created.id });
      await expect(memory.getItem({ scope, id: created.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
      [preferences] = (await memory.listCategories({ scope })).filter((category) => category.name === "preferences");
      expect(preferences?.citedItemIds).toEqual([]);
      expect(preferences?.itemCount).toBe(0);
      expect((await memory.retrieve({ query: "green tea", scope })).items).toEqual([]);
    });

    it("keeps each category's count of active items through every kind of write", async () => {
      const scope = user();
      const counts = async () =>
        Object.fromEntries((await memory.listCategories({ scope })).filter((category) => ["hobbies", "games"].includes(category.name)).map((category) => [category.name, category.itemCount]));
      const bees = await memory.createItem({ scope, type: "profile", summary: "Keeps bees on the allotment", categories: ["hobbies"] });
      const chess = await memory.createItem({ scope, type: "profile", summary: "Plays chess on Sundays", categories: ["hobbies", "games"] });
      expect(await counts()).toEqual({ hobbies: 2, games: 1 });
      await memory.updateItem({ scope, id: chess.id, categories: ["games"] });
      expect(await counts()).toEqual({ hobbies: 1, games: 1 });

      // A superseded item does not count; made active again, it does.
      const [vector] = await new HashingEmbedder().embed([bees.summary]);
      const rewrite = (status: Item["status"], categories = bees.categories) => memory.store.write(scope, { upsertItems: [{ record: { ...bees, status, categories }, embedding: vector! }] });
      await rewrite("superseded");
      expect(await counts()).toEqual({ hobbies: 0, games: 1 });
      await rewrite("superseded", ["hobbies", "games"]);
      expect(await counts()).toEqual({ hobbies: 0, games: 1 });
      await rewrite("active", ["hobbies", "games"]);
      expect(await counts()).toEqual({ hobbies: 1, games: 2 });

      // A write that fails leaves every count as it was.
      await expect(rewrite("active", ["hobbies", "no-such-category"])).rejects.toMatchObject({ code: "STORE_FAILURE" });
      expect(await counts()).toEqual({ hobbies: 1, games: 2 });

      await memory.deleteItem({ scope, id: bees.id });
      expect(await counts()).toEqual({ hobbies: 0, games: 1 });
      // The stored counts agree with the items themselves.
      const active = (await memory.listItems({ scope, limit: 500 })).records;
      for (const category of await memory.listCategories({ scope })) expect(category.itemCount).toBe(active.filter((item) => item.categories.includes(category.name)).length);
    });

    it("finds the categories items are filed in, each once, and only in the read scope", async () => {
      const [ann, bob] = [user(), user()];
      const bees = await memory.createItem({ scope: ann, type: "profile", summary: "Keeps bees on the allotment", categories: ["hobbies", "garden"] });
      const chess = await memory.createItem({ scope: ann, type: "profile", summary: "Plays chess on Sundays", categories: ["hobbies"] });
      const bobs = await memory.createItem({ scope: bob, type: "profile", summary: "Collects stamps", categories: ["hobbies"] });
      const read = (scope: { userId: string }) => ({ conditions: [{ key: "userId", values: [scope.userId] }] });
      const found = await memory.store.categoriesOfItems(read(ann), [bees.id, chess.id, bobs.id]);
      expect(found.map((category) => [category.name, category.itemCount])).toEqual([["garden", 1], ["hobbies", 2]]);
      expect(found.every((category) => category.scope.userId === ann.userId)).toBe(true);
      expect(await memory.store.categoriesOfItems(read(bob), [bees.id, chess.id])).toEqual([]);
      expect(await memory.store.categoriesOfItems(read(ann), [])).toEqual([]);
    });

    it("manages categories: create, update description and summary, delete keeps the items", async () => {
      const scope = user();
      const category = await memory.createCategory({ scope, name: "gardening", description: "Plants, vegetables and the allotment" });
      await expect(memory.createCategory({ scope, name: "gardening" })).rejects.toMatchObject({ code: "VALIDATION", field: "name" });
      const item = await memory.createItem({ scope, type: "knowledge", summary: "Grows tomatoes and courgettes on the allotment" });
      expect(item.categories).toContain("gardening");
      const updated = await memory.updateCategory({ scope, id: category.id, description: "Everything that grows" });
      expect(updated.description).toBe("Everything that grows");
      expect(updated.itemCount).toBe(1);
      await memory.deleteCategory({ scope, id: category.id });
      await expect(memory.getCategory({ scope, id: category.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
      expect((await memory.getItem({ scope, id: item.id })).categories).not.toContain("gardening");
    });

    it("pages through items with a cursor, each exactly once", async () => {
      const scope = user();
      const made: Item[] = [];
      for (let index = 0; index < 23; index++) made.push(await memory.createItem({ scope, type: "knowledge", summary: `Fact number ${index} about kites` }));
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await memory.listItems({ scope, limit: 10, ...(cursor === undefined ? {} : { cursor }) });
        seen.push(...page.records.map((item) => item.id));
        cursor = page.nextCursor ?? undefined;
        pages++;
      } while (cursor !== undefined);
      expect(pages).toBe(3);
      expect(seen.sort()).toEqual(made.map((item) => item.id).sort());
      await expect(memory.listItems({ scope, cursor: "not-a-cursor" })).rejects.toSatisfy(MemographError.isInstance);
    });

    it("lists only the items whose id starts with a prefix, page by page, inside the scope", async () => {
      const [scope, other] = [user(), user()];
      for (const id of ["itm_pre_a1", "itm_pre_a2", "itm_pre_a3", "itm_pre_b1", "itm_pref"]) await memory.createItem({ scope, id, type: "knowledge", summary: `Item ${id}` });
      await memory.createItem({ scope: other, id: "itm_pre_a9", type: "knowledge", summary: "Another scope's item" });
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await memory.listItems({ scope, idPrefix: "itm_pre_a", limit: 2, ...(cursor === undefined ? {} : { cursor }) });
        seen.push(...page.records.map((item) => item.id.slice(0, "itm_pre_a1".length)));
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      expect(seen.sort()).toEqual(["itm_pre_a1", "itm_pre_a2", "itm_pre_a3"]);
      expect((await memory.listItems({ scope, idPrefix: "itm_pre_" })).records).toHaveLength(4);
      expect((await memory.listItems({ scope, idPrefix: "itm_nothing" })).records).toEqual([]);
      await expect(memory.listItems({ scope, idPrefix: "itm_%" })).rejects.toMatchObject({ code: "VALIDATION", field: "idPrefix" });
    });

    it("deleting a resource removes what only it supports and keeps what others support too", async () => {
      const scope = user();
      const a = await memory.memorize({ content: "I keep bees on the roof.\nI brew mead from the honey every autumn.", modality: "document", scope });
      const b = await memory.memorize({ content: "I keep bees on the roof.\nI sell candles at the Saturday market.", modality: "document", scope });
      const shared = b.items.find((item) => item.summary.includes("bees"))!;
      const onlyA = a.items.find((item) => item.summary.includes("mead"))!;
      const result = await memory.deleteResource({ scope, id: a.resource.id });
      expect(result.deletedItemIds).toEqual([onlyA.id]);
      expect(result.keptItemIds).toEqual([shared.id]);
      await expect(memory.getItem({ scope, id: onlyA.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
      expect((await memory.getItem({ scope, id: shared.id })).sources.map((source) => source.resourceId)).toEqual([b.resource.id]);
      await expect(memory.getResource({ scope, id: a.resource.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
      for (const category of await memory.listCategories({ scope })) expect(category.citedItemIds).not.toContain(onlyA.id);
      expect((await memory.retrieve({ query: "mead honey", scope })).items.map((item) => item.id)).not.toContain(onlyA.id);
    });

    it("finds a memory by its neighbours' words in the source, below the one that holds them, and never returns them", async () => {
      const scope = user();
      const result = await memory.memorize({
        content: "I drove to the coast for my sister's birthday.\n\nI ordered grilled sardines at the harbour.\n\nThe tide came in while I finished lunch.",
        modality: "document",
        scope,
      });
      const [birthday, sardines, tide] = ["birthday", "sardines", "tide"].map((word) => result.items.find((item) => item.summary.includes(word))!);
      expect(sardines!.summary).not.toContain("birthday");
      const read = { conditions: [{ key: "userId", values: [scope.userId] }] };
      // Keyword search alone: the sardines' paragraph sits next to the birthday's in the source; the tide's does not.
      expect((await memory.store.textSearch("item", read, "birthday", 10)).map((hit) => hit.id)).toEqual([birthday!.id, sardines!.id]);
      // An edit of the memory's own text keeps the context it was memorized with, and its source's window in its vector.
      const edited = await memory.updateItem({ scope, id: sardines!.id, summary: "User ordered grilled mackerel at the harbour." });
      expect((await memory.store.textSearch("item", read, "birthday", 10)).map((hit) => hit.id)).toEqual([birthday!.id, sardines!.id]);
      await expectVectorFrom(memory, scope, edited, result.resource);
      const found = await memory.retrieve({ query: "birthday", scope, topK: 3 });
      expect(found.items.map((item) => item.id).indexOf(sardines!.id)).toBeLessThan(found.items.map((item) => item.id).indexOf(tide!.id));
      for (const item of found.items) expect(Object.keys(item)).not.toContain("context");
    });

    it("forget(scope) erases everything of the scope and nothing of another", async () => {
      const gone = user();
      const kept = user();
      await memory.memorize({ content: conversation(FACTS), scope: gone });
      await memory.createItem({ scope: gone, type: "profile", summary: "Left-handed" });
      const keptResult = await memory.memorize({ content: conversation(FACTS), scope: kept });
      const counts = await memory.forget({ scope: gone });
      expect(counts.resources).toBe(1);
      expect(counts.items).toBeGreaterThanOrEqual(4);
      expect(counts.categories).toBeGreaterThan(0);
      expect((await memory.listItems({ scope: gone })).records).toEqual([]);
      expect(await memory.listCategories({ scope: gone })).toEqual([]);
      expect((await memory.retrieve({ query: "beagle Biscuit", scope: gone })).items).toEqual([]);
      expect((await memory.listItems({ scope: kept, limit: 500 })).records).toHaveLength(keptResult.items.length);
    });

    it("never shows, changes or deletes another scope's memories through any path", async () => {
      const alice = user();
      const mallory = user();
      const secret = await memory.memorize({ content: conversation(["My locker code is 4471 and my bank is Northwind.", "Noted."]), scope: alice });
      const item = secret.items[0]!;
      // Mallory has many similar memories (a noisy neighbour) and asks for Alice's.
      for (let index = 0; index < 30; index++) await memory.createItem({ scope: mallory, type: "knowledge", summary: `Mallory locker code guess ${index} bank Northwind` });
      const found = await memory.retrieve({ query: "locker code bank Northwind", scope: mallory, topK: 50 });
      expect(found.items.map((hit) => hit.id)).not.toContain(item.id);
      expect(found.resources.map((hit) => hit.id)).not.toContain(secret.resource.id);
      for (const hit of found.items) expect(hit.scope).toEqual(mallory);
      // The store's own search paths must filter too, not only the service's hydration step.
      const read = { conditions: [{ key: "userId", values: [mallory.userId] }] };
      const [vector] = await new HashingEmbedder().embed([item.summary]);
      for (const target of ["item", "resource", "category"] as const) {
        const byText = await memory.store.textSearch(target, read, `${item.summary} ${secret.resource.text}`, 100);
        const byVector = await memory.store.vectorSearch(target, read, vector!, 100);
        const leaked = [item.id, secret.resource.id, ...secret.categories.map((category) => category.id)];
        for (const hit of [...byText, ...byVector]) expect(leaked).not.toContain(hit.id);
      }
      await expect(memory.getItem({ scope: mallory, id: item.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(memory.trace({ scope: mallory, id: item.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(memory.getResource({ scope: mallory, id: secret.resource.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(memory.updateItem({ scope: mallory, id: item.id, summary: "pwned" })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(memory.deleteItem({ scope: mallory, id: item.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(memory.deleteResource({ scope: mallory, id: secret.resource.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
      for (const category of await memory.listCategories({ scope: mallory })) expect(category.scope).toEqual(mallory);
      await memory.forget({ scope: mallory });
      // Alice's memory is intact and still found first.
      expect((await memory.getItem({ scope: alice, id: item.id })).summary).toBe(item.summary);
      expect((await memory.retrieve({ query: "locker code", scope: alice })).items[0]?.id).toBe(item.id);
      // And Alice, scoped, still finds hers among Mallory's leftovers (none after forget, but the path is the same).
      expect((await memory.retrieve({ query: "locker code", scope: alice, topK: 1 })).items).toHaveLength(1);
    });

    it("narrows reads with where filters (exact and __in) inside the scope", async () => {
      const userId = `u-${randomUUID()}`;
      await memory.createItem({ scope: { userId, agentId: "planner" }, type: "knowledge", summary: "Flight to Lisbon on Friday" });
      await memory.createItem({ scope: { userId, agentId: "coach" }, type: "knowledge", summary: "Ran 10 km on Sunday" });
      await memory.createItem({ scope: { userId, agentId: "chef" }, type: "knowledge", summary: "Allergic to peanuts" });
      const all = await memory.listItems({ scope: { userId } });
      expect(all.records).toHaveLength(3);
      const one = await memory.listItems({ scope: { userId }, where: { agentId: "coach" } });
      expect(one.records.map((item) => item.summary)).toEqual(["Ran 10 km on Sunday"]);
      const two = await memory.retrieve({ query: "Lisbon peanuts km", scope: { userId }, where: { agentId__in: ["planner", "chef"] } });
      expect(two.items.map((item) => item.summary).sort()).toEqual(["Allergic to peanuts", "Flight to Lisbon on Friday"]);
      await expect(memory.listItems({ scope: { userId }, where: { password: "x" } })).rejects.toMatchObject({ code: "VALIDATION", field: "where.password" });
    });

    it("stores and finds text that looks like Cypher, SQL or Lucene syntax verbatim", async () => {
      const scope = user();
      const nasty = [
        `Robert'); MATCH (n) DETACH DELETE n; DROP TABLE items; -- said hello`,
        `title:(zebra OR giraffe)* AND NOT "quote"~2 \\ [1 TO 5] {x} ^3 || && ! ? :`,
        `$param {injection: true} \${evil} \`backtick\` ' " ; //`,
      ];
      const ids: string[] = [];
      for (const summary of nasty) ids.push((await memory.createItem({ scope, type: "knowledge", summary })).id);
      for (const [index, summary] of nasty.entries()) {
        expect((await memory.getItem({ scope, id: ids[index]! })).summary).toBe(summary);
        const found = await memory.retrieve({ query: summary, scope, topK: 3 });
        expect(found.items.map((item) => item.id)).toContain(ids[index]);
      }
      expect((await memory.listItems({ scope })).records).toHaveLength(3);
    });

    it("answers a keyword search of thousands of distinct words, ranked by its telling words", async () => {
      const scope = user();
      const target = await memory.createItem({ scope, type: "knowledge", summary: "The xylophonist rehearses with the orchestra" });
      await memory.createItem({ scope, type: "knowledge", summary: "Groceries for the week: bread, milk and eggs" });
      // Short filler words, each a distinct term: past a few hundred, a Lucene query over several fields used to fail.
      const filler = Array.from({ length: 3000 }, (_, index) => `f${index.toString(26).replace(/[0-9]/g, (digit) => "abcdefghij"[Number(digit)]!)}`);
      const read = { conditions: [{ key: "userId", values: [scope.userId] }] };
      for (const target of ["item", "category", "resource"] as const) {
        await expect(memory.store.textSearch(target, read, `${filler.join(" ")} xylophonist`, 5)).resolves.toBeDefined();
      }
      expect((await memory.store.textSearch("item", read, `${filler.join(" ")} xylophonist orchestra`, 5)).map((hit) => hit.id)).toEqual([target.id]);
      const query = `${filler.slice(0, 1500).join(" ")} xylophonist`;
      expect(query.length).toBeLessThanOrEqual(10_000);
      expect((await memory.retrieve({ query, scope, topK: 1 })).items.map((hit) => hit.id)).toEqual([target.id]);
    });

    it("applies a change set atomically: a failing part leaves nothing written", async () => {
      const scope = user();
      const store = memory.store;
      const now = new Date().toISOString();
      const resource = { id: `res_${randomUUID()}`, uri: "x", modality: "document" as const, contentHash: randomUUID(), caption: null, text: "t", scope, metadata: {}, createdAt: now };
      const item: Item = {
        id: `itm_${randomUUID()}`, type: "knowledge", summary: "orphan", happenedAt: null, contentHash: randomUUID(), reinforcementCount: 1,
        lastReinforcedAt: null, status: "active", scope, sources: [{ resourceId: resource.id, span: { kind: "chars", start: 0, end: 1 } }],
        categories: ["no_such_category"], metadata: {}, createdAt: now, updatedAt: now,
      };
      const vector = Array.from({ length: new HashingEmbedder().dimensions }, (_, index) => (index === 0 ? 1 : 0));
      await expect(store.write(scope, { resource: { record: resource, embedding: vector }, upsertItems: [{ record: item, embedding: vector }] })).rejects.toSatisfy(MemographError.isInstance);
      expect(await store.findResourceByHash(scope, resource.contentHash)).toBeNull();
      expect(await store.getItems({ conditions: [{ key: "userId", values: [scope.userId] }] }, [item.id])).toEqual([]);
    });

    it("rejects bad input with a typed error naming the field, and stores nothing", async () => {
      const scope = user();
      await expect(memory.memorize({ content: "x", scope: {} })).rejects.toMatchObject({ code: "VALIDATION", field: "scope.userId" });
      await expect(memory.memorize({ content: "[{\"role\": \"user\"", modality: "conversation", scope })).rejects.toMatchObject({ code: "RESOURCE_UNREADABLE" });
      await expect(memory.memorize({ content: "x", modality: "hologram" as never, scope })).rejects.toMatchObject({ code: "VALIDATION", field: "modality" });
      await expect(memory.createItem({ scope, type: "dream", summary: "x" })).rejects.toMatchObject({ code: "VALIDATION", field: "type" });
      await expect(memory.retrieve({ query: "", scope })).rejects.toMatchObject({ code: "VALIDATION", field: "query" });
      await expect(memory.listResources({ scope, limit: 0 })).rejects.toMatchObject({ code: "VALIDATION", field: "limit" });
      expect((await memory.listResources({ scope })).records).toEqual([]);
      expect((await memory.listItems({ scope })).records).toEqual([]);
    });

    it("keeps superseded and updated items as a model reconciles them: out of lists and search, still traceable", async () => {
      const scope = user();
      let action = "supersede";
      const model = scriptedLanguageModel({
        decisions: ({ data }) => ({
          decisions: [{ memory: Number(/New memory (\d+)/.exec(data)![1]), action, target: /stored \[(itm_[^\]]+)\]/.exec(data)![1], summary: action === "update" ? "Priya teaches at the city school in Leeds on weekdays." : null }],
        }),
      });
      const reconciling = await createMemory({ store: await options.createStore(), profiles: { default: { chat: model } }, reconcileSimilarity: 0.3 });
      try {
        const nurse = (await reconciling.memorize({ content: "Priya works as a nurse at the city hospital in Leeds.", scope })).items[0]!;
        const teacher = await reconciling.memorize({ content: "Priya now works as a teacher at the city school in Leeds.", scope });
        const fresh = teacher.items[0]!;
        expect(teacher.superseded.map((item) => item.id)).toEqual([nurse.id]);
        expect((await reconciling.listItems({ scope })).records.map((item) => item.id)).toEqual([fresh.id]);
        expect((await reconciling.listItems({ scope, status: "superseded" })).records.map((item) => item.id)).toEqual([nurse.id]);
        const found = await reconciling.retrieve({ query: "Priya nurse hospital Leeds", scope });
        expect(found.items.map((item) => item.id)).not.toContain(nurse.id);
        const old = await reconciling.trace({ scope, id: nurse.id });
        expect(old.item).toMatchObject({ status: "superseded", metadata: { supersededBy: fresh.id } });
        expect(old.sources[0]?.excerpt).toBe("Priya works as a nurse at the city hospital in Leeds.");

        action = "update";
        const weekdays = await reconciling.memorize({ content: "Priya now teaches at the city school in Leeds on weekdays.", scope });
        expect(weekdays.items.map((item) => item.id)).toEqual([fresh.id]);
        const updated = await reconciling.getItem({ scope, id: fresh.id });
        expect(updated).toMatchObject({ summary: "Priya teaches at the city school in Leeds on weekdays.", reinforcementCount: 2 });
        expect(updated.sources.map((source) => source.resourceId)).toEqual([teacher.resource.id, weekdays.resource.id]);
        // Its vector is of the new text, with its first source's window, as a new memory's would be.
        await expectVectorFrom(reconciling, scope, updated, teacher.resource);
        expect((await reconciling.retrieve({ query: "teaches weekdays", scope })).items[0]?.id).toBe(fresh.id);
      } finally {
        await reconciling.close();
      }
    });

    it("links each superseded version to the one that replaced it and walks the history both ways, within the scope", async () => {
      const scope = user();
      const model = scriptedLanguageModel({
        decisions: ({ data }) => ({ decisions: [{ memory: Number(/New memory (\d+)/.exec(data)![1]), action: "supersede", target: /stored \[(itm_[^\]]+)\]/.exec(data)![1], summary: null }] }),
      });
      const store = await options.createStore();
      const reconciling = await createMemory({ store, profiles: { default: { chat: model } }, reconcileSimilarity: 0.3 });
      try {
        const texts = ["Priya works as a nurse at the city hospital in Leeds.", "Priya now works as a teacher at the city school in Leeds.", "Priya now works as the head teacher at the city school in Leeds."];
        const versions: Item[] = [];
        for (const content of texts) versions.push((await reconciling.memorize({ content, scope })).items[0]!);
        const ids = versions.map((item) => item.id);
        for (const id of ids) {
          const history = await reconciling.history({ scope, id });
          expect(history.item.id).toBe(id);
          expect(history.versions.map((version) => version.item.id)).toEqual(ids);
        }
        const history = await reconciling.history({ scope, id: ids[0]! });
        expect(history.versions.map((version) => version.item.status)).toEqual(["superseded", "superseded", "active"]);
        expect(history.versions.map((version) => version.sources[0]?.excerpt)).toEqual(texts);
        // Only the newest version is listed by default; the flag shows the others.
        expect((await reconciling.listItems({ scope })).records.map((item) => item.id)).toEqual([ids[2]]);
        expect((await reconciling.listItems({ scope, status: "all" })).records.map((item) => item.id).sort()).toEqual([...ids].sort());
        // An item with no other version is its own history.
        const lone = await reconciling.createItem({ scope, type: "profile", summary: "Priya owns a green bicycle." });
        expect((await reconciling.history({ scope, id: lone.id })).versions.map((version) => version.item.id)).toEqual([lone.id]);

        // Another user can neither walk the history nor link into it.
        const other = user();
        await expect(reconciling.history({ scope: other, id: ids[1]! })).rejects.toMatchObject({ code: "NOT_FOUND", field: "id" });
        const stranger = await reconciling.createItem({ scope: other, type: "profile", summary: "Sam lives in York." });
        await expect(store.write(other, { supersede: [{ itemId: stranger.id, byItemId: ids[2]! }] })).rejects.toMatchObject({ field: "supersede" });
        await expect(store.write(scope, { supersede: [{ itemId: ids[2]!, byItemId: stranger.id }] })).rejects.toMatchObject({ field: "supersede" });
        expect((await reconciling.history({ scope, id: ids[2]! })).versions.map((version) => version.item.id)).toEqual(ids);
        expect((await reconciling.history({ scope: other, id: stranger.id })).versions.map((version) => version.item.id)).toEqual([stranger.id]);

        // Deleting a version takes its links with it; forgetting the scope leaves no history behind.
        await reconciling.deleteItem({ scope, id: ids[1]! });
        expect((await reconciling.history({ scope, id: ids[2]! })).versions.map((version) => version.item.id)).toEqual([ids[2]]);
        await reconciling.forget({ scope });
        await expect(reconciling.history({ scope, id: ids[0]! })).rejects.toMatchObject({ code: "NOT_FOUND" });
      } finally {
        await reconciling.close();
      }
    });

    it("counts each item a retrieve returns or an llm retrieve picks, buffered and written in one batch per flush", async () => {
      const scope = user();
      let clock = new Date("2025-01-01T10:00:00.000Z");
      const store = await options.createStore();
      const recording = await createMemory({ store, profiles: { default: { chat: scriptedLanguageModel() } }, steps: { extract: "offline", reconcile: "offline", summarize: "offline" }, accessRecording: { flushIntervalMs: 3_600_000, maxPending: 10_000 }, now: () => clock });
      try {
        const memorized = await recording.memorize({ content: conversation(FACTS), scope });
        const all = memorized.items.map((item) => item.id);
        const read = { conditions: [{ key: "userId", values: [scope.userId] }] };
        const first = await recording.retrieve({ query: "beagle Biscuit", scope, topK: 2 });
        clock = new Date("2025-01-02T10:00:00.000Z");
        const second = await recording.retrieve({ query: "beagle Biscuit", scope, topK: 1 });
        // Buffered: nothing is written until the flush.
        expect(await store.itemAccesses(read, all)).toEqual([]);
        await recording.flushAccesses();
        const expected = new Map<string, { count: number; lastAccessedAt: string }>();
        for (const [result, at] of [[first, "2025-01-01T10:00:00.000Z"], [second, "2025-01-02T10:00:00.000Z"]] as const) {
          for (const item of result.items) expected.set(item.id, { count: (expected.get(item.id)?.count ?? 0) + 1, lastAccessedAt: at });
        }
        expect(expected.get(second.items[0]!.id)).toEqual({ count: 2, lastAccessedAt: "2025-01-02T10:00:00.000Z" });
        const stored = (await store.itemAccesses(read, all)).map(({ itemId, count, lastAccessedAt }) => [itemId, { count, lastAccessedAt }] as const);
        expect(new Map(stored)).toEqual(expected);

        // An llm retrieve counts the items the model picked, and only those.
        const picked = await recording.retrieve({ query: "What food does the user like, ramen?", scope, method: "llm" });
        expect(picked.items.length).toBeGreaterThan(0);
        await recording.flushAccesses();
        const after = new Map((await store.itemAccesses(read, all)).map((access) => [access.itemId, access.count]));
        for (const item of picked.items) expect(after.get(item.id)).toBe((expected.get(item.id)?.count ?? 0) + 1);
        const untouched = all.filter((id) => !expected.has(id) && !picked.items.some((item) => item.id === id));
        expect(untouched.length).toBeGreaterThan(0);
        for (const id of untouched) expect(after.has(id)).toBe(false);

        // Accesses for another scope, or for an item gone since, are skipped, never an error; another user reads none.
        const other = user();
        await store.recordAccesses([{ scope: other, itemId: all[0]!, count: 5, at: "2025-02-01T00:00:00.000Z" }, { scope, itemId: "itm_gone", count: 1, at: "2025-02-01T00:00:00.000Z" }]);
        expect((await store.itemAccesses(read, [all[0]!]))[0]?.count ?? 0).toBe(after.get(all[0]!) ?? 0);
        expect(await store.itemAccesses({ conditions: [{ key: "userId", values: [other.userId] }] }, all)).toEqual([]);
        await recording.forget({ scope });
        expect(await store.itemAccesses(read, all)).toEqual([]);
      } finally {
        await recording.close();
      }
    });

    it("ranks by salience on request: recent and often-used memories overtake a slightly more relevant stale one", async () => {
      const scope = user();
      let clock = new Date("2024-01-01T00:00:00.000Z");
      const ranked = await createMemory({ store: await options.createStore(), fusionWeights: { vector: 1, text: 1 }, accessRecording: { flushIntervalMs: 3_600_000, maxPending: 10_000 }, now: () => clock });
      try {
        const stale = await ranked.createItem({ scope, type: "profile", summary: "Ann drinks green tea every morning." });
        clock = new Date("2025-01-01T00:00:00.000Z");
        const fresh = await ranked.createItem({ scope, type: "profile", summary: "Ann drinks black tea every morning." });
        await ranked.createItem({ scope, type: "profile", summary: "Ann cycles to work." });
        clock = new Date("2025-01-02T00:00:00.000Z");
        const first = async (extra: Record<string, unknown>) => (await ranked.retrieve({ query: "green tea morning", scope, topK: 3, ...extra })).items[0]?.id;

        // By relevance the green-tea memory leads; a year old, it decays behind the fresh one under salience.
        expect(await first({})).toBe(stale.id);
        expect(await first({ ranking: "relevance" })).toBe(stale.id);
        expect(await first({ ranking: "salience", halfLifeDays: 30 })).toBe(fresh.id);
        // With a half-life so long that age hardly counts, relevance still decides...
        const timeless = { ranking: "salience", halfLifeDays: 36_500 };
        expect(await first(timeless)).toBe(stale.id);
        // ...until use reinforces the other memory: each retrieve that returns it counts.
        for (let index = 0; index < 4; index += 1) await ranked.retrieve({ query: "black tea", scope, topK: 1 });
        await ranked.flushAccesses();
        expect(await first(timeless)).toBe(fresh.id);
        expect(await first({})).toBe(stale.id);

        await expect(ranked.retrieve({ query: "tea", scope, ranking: "salience", halfLifeDays: 0 })).rejects.toMatchObject({ code: "VALIDATION", field: "halfLifeDays" });
        await expect(ranked.retrieve({ query: "tea", scope, ranking: "fame" as never })).rejects.toMatchObject({ code: "VALIDATION", field: "ranking" });
      } finally {
        await ranked.close();
      }
    });

    runHardeningContract(() => memory);
    runAcrossScopesContract(() => memory);
  });
  runReorganizeContract(name, options.createStore);
}
