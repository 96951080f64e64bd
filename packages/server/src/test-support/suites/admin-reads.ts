import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
type Owned = { scope: { userId: string; agentId?: string }; summary: string };
type OwnedMemu = { user_id: string; content: string };

/** What only an admin reads across users (the list of users, retrieve over every user), and items by creation time. */
export function adminReadsSuite(harness: () => Harness): void {
  describe("reads across users and by time", () => {
    it("lists the users holding memories to an admin, a page at a time, with their agents and counts; 403 to every other key", async () => {
      const h = harness();
      const run = `lu-${randomUUID().slice(0, 8)}`;
      for (const [userId, agentId, summary] of [[`${run}-a`, "coach", "Runs on Sundays"], [`${run}-a`, "chef", "Cooks risotto"], [`${run}-b`, undefined, "Plays chess"]] as const) {
        expect((await h.call("POST", "/v1/items", { key: h.keys.admin, body: { userId, ...(agentId ? { agentId } : {}), type: "knowledge", summary } })).status).toBe(201);
      }
      const first = await h.call("GET", `/v1/users?prefix=${run}&limit=1`, { key: h.keys.admin });
      expect(first.status).toBe(200);
      expect(first.body.users).toEqual([{ userId: `${run}-a`, items: 2, resources: 0, categories: expect.any(Number), agentIds: ["chef", "coach"], scopes: 2 }]);
      const second = await h.call("GET", `/v1/users?prefix=${run}&limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`, { key: h.keys.admin });
      expect(second.body).toEqual({ users: [{ userId: `${run}-b`, items: 1, resources: 0, categories: expect.any(Number), agentIds: [], scopes: 1 }], nextCursor: null });

      for (const key of [h.keys.alice, h.keys.aliceReadOnly, h.keys.bob]) {
        const refused = await h.call("GET", "/v1/users", { key });
        expect(refused.status).toBe(403);
        expect(refused.body.code).toBe("FORBIDDEN");
      }
      const bad = await h.call("GET", "/v1/users?limit=0", { key: h.keys.admin });
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ code: "VALIDATION", field: "limit" });
    });

    it("retrieves over every user for an admin naming none, each hit naming its user; a member reads only its own and is refused a where naming another", async () => {
      const h = harness();
      const { alice, bob } = h.users;
      const word = `wombat${randomUUID().replace(/[^a-f]/g, "").slice(0, 10)}`;
      await h.call("POST", "/v1/items", { key: h.keys.alice, body: { type: "knowledge", summary: `Alice saw a ${word} in Tasmania` } });
      await h.call("POST", "/v1/memorize", { key: h.keys.bob, body: { content: `Bob adopted a ${word} named Dot.`, modality: "document" } });
      const owners = (items: readonly Owned[]) => new Set(items.filter((item) => item.summary.includes(word)).map((item) => item.scope.userId));

      const all = await h.call("POST", "/v1/retrieve", { key: h.keys.admin, body: { query: word, topK: 5 } });
      expect(all.status).toBe(200);
      expect(owners(all.body.items)).toEqual(new Set([alice, bob]));
      expect(all.body.resources.some((resource: { scope: { userId: string } }) => resource.scope.userId === bob)).toBe(true);
      const narrowed = await h.call("POST", "/v1/retrieve", { key: h.keys.admin, body: { query: word, where: { userId__in: [bob] } } });
      expect(owners(narrowed.body.items)).toEqual(new Set([bob]));
      expect(narrowed.body.items.every((item: Owned) => item.scope.userId === bob)).toBe(true);

      for (const key of [h.keys.alice, h.keys.aliceReadOnly]) {
        const own = await h.call("POST", "/v1/retrieve", { key, body: { query: word, topK: 5 } });
        expect(own.status).toBe(200);
        expect(owners(own.body.items)).toEqual(new Set([alice]));
        expect(own.body.items.every((item: Owned) => item.scope.userId === alice)).toBe(true);
        for (const where of [{ userId: bob }, { userId__in: [alice, bob] }]) {
          const refused = await h.call("POST", "/v1/retrieve", { key, body: { query: word, where } });
          expect(refused.status).toBe(403);
          expect(refused.body.code).toBe("FORBIDDEN");
        }
        expect((await h.call("POST", "/v1/retrieve", { key, body: { query: word, where: { userId: alice } } })).status).toBe(200);
      }

      const memuAll = await h.call("POST", "/api/v3/memory/retrieve", { key: h.keys.admin, body: { query: word } });
      expect(memuAll.status).toBe(200);
      expect(new Set(memuAll.body.items.filter((item: OwnedMemu) => item.content.includes(word)).map((item: OwnedMemu) => item.user_id))).toEqual(new Set([alice, bob]));
      const memuOwn = await h.call("POST", "/api/v3/memory/retrieve", { key: h.keys.bob, body: { query: word } });
      expect(memuOwn.body.items.length).toBeGreaterThan(0);
      expect(memuOwn.body.items.every((item: OwnedMemu) => item.user_id === bob)).toBe(true);
      expect((await h.call("POST", "/api/v3/memory/retrieve", { key: h.keys.bob, body: { query: word, user_id: alice } })).status).toBe(403);
    });

    it("lists items created in a from/to range, and names the field of a bad time", async () => {
      const h = harness();
      const userId = `tr-${randomUUID().slice(0, 8)}`;
      const made: { id: string; createdAt: string }[] = [];
      for (const summary of ["First note", "Second note", "Third note"]) {
        made.push((await h.call("POST", "/v1/items", { key: h.keys.admin, body: { userId, type: "knowledge", summary } })).body);
        await pause(5);
      }
      const list = async (query: string) => {
        const response = await h.call("GET", `/v1/items?userId=${userId}&${query}`, { key: h.keys.admin });
        expect(response.status).toBe(200);
        return response.body.items.map((item: { id: string }) => item.id);
      };
      expect(await list(`from=${encodeURIComponent(made[1]!.createdAt)}`)).toEqual([made[1]!.id, made[2]!.id]);
      expect(await list(`to=${encodeURIComponent(made[1]!.createdAt)}`)).toEqual([made[0]!.id]);
      expect(await list(`from=${encodeURIComponent(made[1]!.createdAt)}&to=${encodeURIComponent(made[2]!.createdAt)}`)).toEqual([made[1]!.id]);
      expect(await list("from=2999-01-01")).toEqual([]);
      for (const [query, field] of [["from=yesterday", "from"], ["to=2026-13-01", "to"], [`from=${encodeURIComponent(made[2]!.createdAt)}&to=${encodeURIComponent(made[0]!.createdAt)}`, "to"]]) {
        const bad = await h.call("GET", `/v1/items?userId=${userId}&${query}`, { key: h.keys.admin });
        expect(bad.status).toBe(400);
        expect(bad.body).toMatchObject({ code: "VALIDATION", field });
      }
    });
  });
}
