import { beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";

// The suite works in one agent's scope of each user, so the categories other suites leave on the users are not in it.
const agentId = "librarian";
const PASTIMES = ["chess openings", "chess puzzles", "chess clubs", "tennis serves", "tennis doubles", "tennis rackets"];

interface CategoryChange {
  id: string;
  kind: "split" | "merge";
  from: string[];
  to: string[];
  moves: { itemId: string; from: string; to: string }[];
  scope: Record<string, string>;
}

/** POST /v1/categories/reorganize and GET /v1/categories/changes: one scope's categories, split, merged and logged. */
export function categoriesSuite(harness: () => Harness): void {
  describe("/v1/categories reorganize and changes", () => {
    // A user's categories in the suite's scope, as the store holds them: name → item count.
    const categoriesOf = async (userId: string) =>
      Object.fromEntries((await harness().memory.listCategories({ scope: { userId, agentId } })).map((category) => [category.name, category.itemCount]));
    const reorganize = (key: string | null, body: Record<string, unknown>) => harness().call("POST", "/v1/categories/reorganize", { key, body });
    const changes = (key: string, query = "") => harness().call("GET", `/v1/categories/changes?agentId=${agentId}${query}`, { key });

    beforeAll(async () => {
      const { memory, users } = harness();
      for (const userId of [users.alice, users.bob]) {
        const scope = { userId, agentId };
        for (const pastime of PASTIMES) await memory.createItem({ scope, type: "behavior", summary: `Studies ${pastime} on weekdays.`, categories: ["hobbies"] });
        await memory.createItem({ scope, type: "knowledge", summary: "Keeps a chess clock for chess openings practice.", categories: ["gear"] });
      }
    });

    it("refuses bad options with 400 naming the field, a read-only key and another user's scope with 403, and changes nothing", async () => {
      const { keys, users } = harness();
      const before = { alice: await categoriesOf(users.alice), bob: await categoriesOf(users.bob) };
      expect(before.alice).toEqual({ hobbies: 6, gear: 1 });

      for (const [field, value] of [["splitAbove", 2], ["maxParts", 11], ["overlap", 0], ["method", "magic"], ["dryRun", "yes"]] as const) {
        const refused = await reorganize(keys.alice, { agentId, [field]: value });
        expect({ field, status: refused.status }).toEqual({ field, status: 400 });
        expect(refused.headers.get("content-type")).toMatch(/^application\/problem\+json/);
        expect(refused.body).toMatchObject({ code: "VALIDATION", field });
      }
      expect((await changes(keys.alice, "&limit=0")).body).toMatchObject({ code: "VALIDATION", field: "limit" });
      expect((await reorganize(keys.admin, { agentId, splitAbove: 4 })).body).toMatchObject({ code: "VALIDATION", field: "userId" });
      // The core's typed error, unchanged: this server's memory has no chat model for the model method.
      const noModel = await reorganize(keys.alice, { agentId, splitAbove: 4, method: "model" });
      expect(noModel.status).toBe(422);
      expect(noModel.body).toMatchObject({ code: "MODEL_NOT_CONFIGURED", field: "profiles.default" });

      // A read-only key may read the log but not reorganise, not even as a dry run.
      for (const dryRun of [false, true]) {
        const refused = await reorganize(keys.aliceReadOnly, { agentId, splitAbove: 4, dryRun });
        expect(refused.status).toBe(403);
        expect(refused.body).toMatchObject({ code: "FORBIDDEN", detail: expect.stringMatching(/read-only/) });
      }
      expect((await changes(keys.aliceReadOnly)).status).toBe(200);

      // A member key naming another user is refused before anything is read or planned.
      const intoBob = await reorganize(keys.alice, { userId: users.bob, agentId, splitAbove: 4 });
      expect(intoBob.status).toBe(403);
      expect(intoBob.body.code).toBe("FORBIDDEN");
      const bobsLog = await changes(keys.alice, `&userId=${users.bob}`);
      expect(bobsLog.status).toBe(403);
      expect(JSON.stringify(bobsLog.body)).not.toContain("hobbies");

      expect({ alice: await categoriesOf(users.alice), bob: await categoriesOf(users.bob) }).toEqual(before);
    });

    it("plans a split on a dry run and writes nothing: the categories and the log stay as they were", async () => {
      const { keys, users } = harness();
      const planned = await reorganize(keys.alice, { agentId, splitAbove: 4, dryRun: true });
      expect(planned.status).toBe(200);
      expect(planned.body.dryRun).toBe(true);
      expect(planned.body.changes.map((change: CategoryChange) => [change.kind, change.from, [...change.to].sort(), change.moves.length])).toEqual([["split", ["hobbies"], ["hobbies-chess", "hobbies-tennis"], 6]]);
      expect(planned.body.categories.map((category: { name: string }) => category.name).sort()).toEqual(["gear", "hobbies"]);

      expect(await categoriesOf(users.alice)).toEqual({ hobbies: 6, gear: 1 });
      expect((await changes(keys.alice)).body).toEqual({ changes: [], nextCursor: null });
    });

    it("splits a big category, then merges a near-empty one, through the route; the log pages through both; another user's are untouched and unreadable", async () => {
      const { keys, users } = harness();
      const split = await reorganize(keys.alice, { agentId, splitAbove: 4 });
      expect(split.status).toBe(200);
      expect(split.body).toMatchObject({ dryRun: false, skipped: [] });
      expect(split.body.changes).toHaveLength(1);
      expect(split.body.changes[0].scope).toEqual({ userId: users.alice, agentId });
      expect(await categoriesOf(users.alice)).toEqual({ "hobbies-chess": 3, "hobbies-tennis": 3, gear: 1 });

      const merged = await reorganize(keys.alice, { agentId, splitAbove: 4, mergeAtMost: 1 });
      expect(merged.status).toBe(200);
      expect(merged.body.changes.map((change: CategoryChange) => [change.kind, change.from, change.to])).toEqual([["merge", ["gear", "hobbies-chess"], ["hobbies-chess"]]]);
      expect(await categoriesOf(users.alice)).toEqual({ "hobbies-chess": 4, "hobbies-tennis": 3 });
      const listed = await harness().call("GET", `/v1/categories?agentId=${agentId}`, { key: keys.alice });
      expect(listed.body.categories.map((category: { name: string }) => category.name).sort()).toEqual(["hobbies-chess", "hobbies-tennis"]);

      // The log, oldest first, a page at a time: the split, then the merge.
      const first = await changes(keys.alice, "&limit=1");
      expect(first.status).toBe(200);
      expect(first.body.changes.map((change: CategoryChange) => change.id)).toEqual([split.body.changes[0].id]);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await changes(keys.alice, `&limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`);
      expect(second.body.changes.map((change: CategoryChange) => change.id)).toEqual([merged.body.changes[0].id]);
      const all = await changes(keys.aliceReadOnly);
      expect(all.body.changes.map((change: CategoryChange) => change.kind)).toEqual(["split", "merge"]);
      expect((await harness().call("GET", `/v1/categories/changes?userId=${users.alice}&agentId=${agentId}`, { key: keys.admin })).body.changes).toEqual(all.body.changes);

      // Bob's categories of the same agent were neither read for the plan nor changed, and his log is his own.
      expect(await categoriesOf(users.bob)).toEqual({ hobbies: 6, gear: 1 });
      const bobs = await changes(keys.bob);
      expect(bobs.body).toEqual({ changes: [], nextCursor: null });
      const aliceItemIds = new Set(all.body.changes.flatMap((change: CategoryChange) => change.moves.map((move) => move.itemId)));
      const bobsItems = await harness().memory.listItems({ scope: { userId: users.bob, agentId }, limit: 100 });
      expect(bobsItems.records.some((item) => aliceItemIds.has(item.id))).toBe(false);
    });
  });
}
