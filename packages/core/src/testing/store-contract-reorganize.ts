import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { categoryChangeSchema, type Item, type Scope } from "../model/index.js";
import type { ChangeSet, MemoryStore } from "../ports/index.js";
import { allPages } from "../util/all-pages.js";
import { createMemory, type MemoryService } from "../service/memory-service.js";
import { scriptedLanguageModel } from "./scripted-memory-model.js";

const HOBBIES = [
  "Ann bought a new guitar from a shop in Leeds.",
  "Ann learns jazz chords on her guitar.",
  "Ann restrings the guitar once a month.",
  "Ann wants a twelve-string guitar for her birthday.",
  "Ann practises guitar scales before breakfast.",
  "Ann goes climbing at the indoor wall on Tuesdays.",
  "Ann has a climbing partner called Raj.",
  "Ann finished a hard climbing route in Wales.",
  "Ann keeps her climbing shoes in the car.",
  "Ann hopes to try ice climbing in Scotland.",
  "Ann knits scarves for friends.",
  "Ann collects old postcards.",
];
const WORK = ["Ann works as a nurse at the city hospital.", "Ann's shift at work starts at seven.", "Ann takes the bus to work."];

/** Lets a test make the store's write fail inside its transaction, after the first parts of it are applied. */
function failingWrites(store: MemoryStore): MemoryStore & { failNext: boolean } {
  const state = { failNext: false };
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === "failNext") return state.failNext;
      if (property === "write") {
        return (scope: Scope, changes: ChangeSet) => {
          if (!state.failNext || changes.categoryChanges === undefined) return target.write(scope, changes);
          state.failNext = false;
          // A relink naming a category the scope lacks: the store refuses it after the deletes and upserts ran.
          return target.write(scope, { ...changes, relinkItems: [...(changes.relinkItems ?? []), { itemId: changes.relinkItems![0]!.itemId, categories: ["no-such-category"] }] });
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
    set(_target, property, value) {
      if (property !== "failNext") return false;
      state.failNext = value as boolean;
      return true;
    },
  }) as MemoryStore & { failNext: boolean };
}

async function seed(memory: MemoryService, scope: Scope): Promise<{ pets: Item[] }> {
  for (const summary of HOBBIES) await memory.createItem({ scope, type: "behavior", summary, categories: ["hobbies"] });
  for (const summary of WORK) await memory.createItem({ scope, type: "profile", summary, categories: ["work"] });
  const older = await memory.createItem({ scope, type: "profile", summary: "Ann walks the neighbour's dog before work.", categories: ["pets"] });
  const newer = await memory.createItem({ scope, type: "profile", summary: "Ann walks her own dog before work.", categories: ["pets"] });
  await memory.supersedeItem({ scope, id: older.id, by: newer.id });
  return { pets: [older, newer] };
}

/** What a reorganisation must keep: every item filed somewhere, and each category's count equal to its active items. */
async function structure(memory: MemoryService, scope: Scope) {
  const items = await allPages((cursor) => memory.listItems({ scope, status: "all", limit: 500, ...(cursor === undefined ? {} : { cursor }) }));
  const categories = await memory.listCategories({ scope });
  for (const item of items) expect([item.id, item.categories.length > 0]).toEqual([item.id, true]);
  for (const category of categories) {
    const active = items.filter((item) => item.status === "active" && item.categories.includes(category.name)).length;
    expect([category.name, category.itemCount]).toEqual([category.name, active]);
  }
  return {
    categories: Object.fromEntries(categories.map((category) => [category.name, category.itemCount])),
    filed: Object.fromEntries(items.map((item) => [item.id, item.categories])),
  };
}

/**
 * Category reorganisation on a store: splits and merges are written in one transaction, move items without losing
 * any, keep counts and traces right, stay inside the scope and are logged. Run by runStoreContract.
 */
export function runReorganizeContract(name: string, createStore: () => Promise<MemoryStore>): void {
  describe(`category reorganisation: ${name}`, () => {
    let memory: MemoryService;
    let store: MemoryStore & { failNext: boolean };
    const user = () => ({ userId: `u-${randomUUID()}` });

    beforeAll(async () => {
      store = failingWrites(await createStore());
      memory = await createMemory({ store });
    });
    afterAll(async () => {
      await memory.close();
    });

    it("splits a big category by its keywords and merges a near-empty one, losing no item and touching no other scope", async () => {
      const ann = user();
      const bob = user();
      const { pets } = await seed(memory, ann);
      await seed(memory, bob);
      const bobBefore = await structure(memory, bob);

      const result = await memory.reorganize({ scope: ann, splitAbove: 8 });
      expect(result.changes.map((change) => [change.kind, change.from, change.to])).toEqual([
        ["split", ["hobbies"], ["hobbies", "hobbies-climbing", "hobbies-guitar"]],
        ["merge", ["pets", "work"], ["work"]],
      ]);
      for (const change of result.changes) categoryChangeSchema.parse(change);
      const after = await structure(memory, ann);
      expect(after.categories).toEqual({ hobbies: 2, "hobbies-climbing": 5, "hobbies-guitar": 5, work: 4 });
      expect(Object.keys(after.filed)).toHaveLength(HOBBIES.length + WORK.length + 2);
      // The superseded version moved with its category, so its history keeps a category too.
      expect(after.filed[pets[0]!.id]).toEqual(["work"]);

      const categories = await memory.listCategories({ scope: ann });
      const guitar = categories.find((category) => category.name === "hobbies-guitar")!;
      expect(guitar.description).toContain("guitar");
      expect(guitar.citedItemIds).toHaveLength(5);
      expect(guitar.summary).toContain("twelve-string guitar");
      expect(categories.find((category) => category.name === "hobbies")!.summary).not.toContain("guitar");
      expect(categories.find((category) => category.name === "work")!.summary).toContain("own dog");

      const moved = result.changes[0]!.moves.find((entry) => entry.to === "hobbies-guitar")!;
      const trace = await memory.trace({ scope: ann, id: moved.itemId });
      expect(trace.categories.map((category) => category.name)).toEqual(["hobbies-guitar"]);
      expect((await memory.retrieve({ query: "guitar chords", scope: ann })).categories.map((category) => category.name)).toContain("hobbies-guitar");

      const log = await memory.categoryChanges({ scope: ann });
      expect(log.records).toEqual(result.changes);
      expect(log.records[1]!.moves.map((entry) => entry.itemId).sort()).toEqual(pets.map((item) => item.id).sort());
      expect(await structure(memory, bob)).toEqual(bobBefore);
      expect((await memory.categoryChanges({ scope: bob })).records).toEqual([]);

      // Reorganising again finds nothing more to do.
      expect((await memory.reorganize({ scope: ann, splitAbove: 8 })).changes).toEqual([]);
    });

    it("reorganises only the scope's own categories: a narrower scope inside it keeps its own", async () => {
      const carol = user();
      const agent = { ...carol, agentId: "planner" };
      await seed(memory, agent);
      const before = await structure(memory, agent);
      expect((await memory.reorganize({ scope: carol, splitAbove: 8 })).changes).toEqual([]);
      expect(await structure(memory, agent)).toEqual(before);
      // Reorganised through its own scope, the narrower one changes and logs there.
      expect((await memory.reorganize({ scope: agent, splitAbove: 8 })).changes).toHaveLength(2);
      expect((await memory.categoryChanges({ scope: agent })).records).toHaveLength(2);
    });

    it("leaves the old structure whole when the write fails midway", async () => {
      const scope = user();
      await seed(memory, scope);
      const before = await structure(memory, scope);
      const summaries = (await memory.listCategories({ scope })).map((category) => [category.name, category.summary]);
      store.failNext = true;
      await expect(memory.reorganize({ scope, splitAbove: 8 })).rejects.toMatchObject({ code: "STORE_FAILURE" });
      expect(await structure(memory, scope)).toEqual(before);
      expect((await memory.listCategories({ scope })).map((category) => [category.name, category.summary])).toEqual(summaries);
      expect((await memory.categoryChanges({ scope })).records).toEqual([]);
      // Nothing was half-applied: the same reorganisation goes through afterwards.
      expect((await memory.reorganize({ scope, splitAbove: 8 })).changes).toHaveLength(2);
    });

    it("plans without writing on a dry run, and pages the change log", async () => {
      const scope = user();
      await seed(memory, scope);
      const before = await structure(memory, scope);
      const planned = await memory.reorganize({ scope, splitAbove: 8, dryRun: true });
      expect(planned.changes).toHaveLength(2);
      expect(await structure(memory, scope)).toEqual(before);
      expect((await memory.categoryChanges({ scope })).records).toEqual([]);
      await memory.reorganize({ scope, splitAbove: 8 });
      const first = await memory.categoryChanges({ scope, limit: 1 });
      const second = await memory.categoryChanges({ scope, limit: 1, cursor: first.nextCursor! });
      expect([...first.records, ...second.records].map((change) => change.kind)).toEqual(["split", "merge"]);
      expect(second.nextCursor).toBeNull();
      // Forget erases the log with the scope.
      await memory.forget({ scope });
      expect((await memory.categoryChanges({ scope })).records).toEqual([]);
    });

    it("applies the structure one model call proposes, skipping what the scope cannot take", async () => {
      const model = scriptedLanguageModel({
        category_structure: ({ data }) => {
          const ids = (word: string) => [...data.matchAll(/^\[([^\]]+)\] (.*)$/gm)].filter((match) => match[2]!.includes(word)).map((match) => match[1]);
          return {
            splits: [{ category: "hobbies", reason: "two clear pastimes", parts: [{ name: "music", description: "Playing the guitar", itemIds: ids("guitar") }, { name: "work", description: "taken", itemIds: ids("climbing") }] }],
            merges: [{ from: "pets", into: "work", reason: "walking the dog fits the daily routine" }],
          };
        },
      });
      const modelMemory = await createMemory({ store: await createStore(), profiles: { default: { chat: model } } });
      try {
        const scope = user();
        await seed(modelMemory, scope);
        const result = await modelMemory.reorganize({ scope, splitAbove: 8 });
        expect(model.requests.filter((request) => /category_structure/.test(String(request.messages[0]?.content)))).toHaveLength(1);
        expect(result.changes.map((change) => [change.method, change.kind, change.to])).toEqual([["model", "merge", ["work"]]]);
        expect(result.skipped.map((entry) => entry.why)).toEqual(["names a part after a category that exists"]);
        expect(result.usage.steps.plan?.calls).toBe(1);
        expect((await structure(modelMemory, scope)).categories).toEqual({ hobbies: 12, work: 4 });
      } finally {
        await modelMemory.close();
      }
    });
  });
}
