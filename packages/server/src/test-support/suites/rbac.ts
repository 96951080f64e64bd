import { describe, expect, it } from "vitest";
import type { Harness, Keys } from "../harness.js";

type KeyName = keyof Keys | "none";
type Action = "read own" | "write own" | "read other" | "write other" | "admin route";

/** Expected status per key and action. A member naming another user answers 403, never that user's data. */
const MATRIX: Record<KeyName, Record<Action, number>> = {
  admin: { "read own": 200, "write own": 201, "read other": 200, "write other": 201, "admin route": 200 },
  alice: { "read own": 200, "write own": 201, "read other": 403, "write other": 403, "admin route": 403 },
  aliceReadOnly: { "read own": 200, "write own": 403, "read other": 403, "write other": 403, "admin route": 403 },
  bob: { "read own": 200, "write own": 201, "read other": 403, "write other": 403, "admin route": 403 },
  revoked: { "read own": 401, "write own": 401, "read other": 401, "write other": 401, "admin route": 401 },
  expired: { "read own": 401, "write own": 401, "read other": 401, "write other": 401, "admin route": 401 },
  none: { "read own": 401, "write own": 401, "read other": 401, "write other": 401, "admin route": 401 },
};

/** The RBAC matrix over HTTP: admin / member / read-only / revoked / expired / no key × read / write / other user. */
export function rbacSuite(harness: () => Harness): void {
  describe("roles and keys", () => {
    const keyOf = (name: KeyName) => (name === "none" ? null : harness().keys[name]);
    // "own" is alice's scope for alice's keys, bob's for bob's key; an admin's "own" is alice.
    const ownerOf = (name: KeyName) => (name === "bob" ? harness().users.bob : harness().users.alice);
    const otherOf = (name: KeyName) => (name === "bob" ? harness().users.alice : harness().users.bob);

    const perform = (name: KeyName, action: Action) => {
      const h = harness();
      const key = keyOf(name);
      switch (action) {
        case "read own":
          return h.call("GET", `/v1/items?userId=${ownerOf(name)}`, { key });
        case "write own":
          return h.call("POST", "/v1/items", { key, body: { userId: ownerOf(name), type: "knowledge", summary: `written by ${name}` } });
        case "read other":
          return h.call("GET", `/v1/items?userId=${otherOf(name)}`, { key });
        case "write other":
          return h.call("POST", "/v1/items", { key, body: { userId: otherOf(name), type: "knowledge", summary: `written into another user by ${name}` } });
        case "admin route":
          return h.call("GET", "/v1/keys", { key });
      }
    };

    for (const [name, row] of Object.entries(MATRIX) as [KeyName, Record<Action, number>][]) {
      it(`${name}: ${Object.entries(row).map(([action, status]) => `${action} ${status}`).join(", ")}`, async () => {
        const h = harness();
        const before = await h.memory.listItems({ scope: { userId: otherOf(name) }, limit: 500 });
        for (const action of Object.keys(row) as Action[]) {
          const response = await perform(name, action);
          expect({ action, status: response.status }).toEqual({ action, status: row[action] });
          if (response.status >= 400) {
            expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
            expect(response.body.code).toBe(response.status === 401 ? "UNAUTHORIZED" : "FORBIDDEN");
          }
        }
        const after = await h.memory.listItems({ scope: { userId: otherOf(name) }, limit: 500 });
        // Only an admin may write into another user's scope.
        expect(after.records.length - before.records.length).toBe(name === "admin" ? 1 : 0);
      });
    }

    it("never returns another user's data: a member's list carries only its own user's items", async () => {
      const h = harness();
      await h.call("POST", "/v1/items", { key: h.keys.admin, body: { userId: h.users.bob, type: "knowledge", summary: "Bob's secret recipe uses cardamom" } });
      const own = await h.call("GET", "/v1/items", { key: h.keys.alice });
      expect(own.status).toBe(200);
      expect(own.body.items.every((item: { scope: { userId: string } }) => item.scope.userId === h.users.alice)).toBe(true);
      const search = await h.call("POST", "/v1/retrieve", { key: h.keys.alice, body: { query: "secret recipe cardamom" } });
      expect(search.status).toBe(200);
      expect(search.body.items.length + search.body.categories.length + search.body.resources.length).toBe(0);
      const asAdmin = await h.call("POST", "/v1/retrieve", { key: h.keys.admin, body: { userId: h.users.bob, query: "secret recipe cardamom" } });
      expect(asAdmin.body.items[0].summary).toMatch(/cardamom/);
    });

    it("a read-only key may retrieve (a POST that only reads) but not memorize", async () => {
      const h = harness();
      expect((await h.call("POST", "/v1/retrieve", { key: h.keys.aliceReadOnly, body: { query: "anything" } })).status).toBe(200);
      const refused = await h.call("POST", "/v1/memorize", { key: h.keys.aliceReadOnly, body: { content: "I like tea" } });
      expect(refused.status).toBe(403);
      expect(refused.body.detail).toMatch(/read-only/);
    });

    it("accepts the key in x-api-key as well as Authorization: Bearer, and tells the caller who it is", async () => {
      const h = harness();
      const me = await h.call("GET", "/v1/me", { headers: { "x-api-key": h.keys.alice } });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ role: "member", userId: h.users.alice, readOnly: false });
      expect(JSON.stringify(me.body)).not.toContain(h.keys.alice);
    });

    it("an admin must name the user of a scoped route", async () => {
      const h = harness();
      const response = await h.call("GET", "/v1/items", { key: h.keys.admin });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: "VALIDATION", field: "userId" });
    });

    it("admins create keys whose secret is shown once and works at once, and revoke them", async () => {
      const h = harness();
      const created = await h.call("POST", "/v1/keys", { key: h.keys.admin, body: { role: "member", userId: h.users.bob, name: "ci" } });
      expect(created.status).toBe(201);
      expect(created.body.key).toMatch(/^mg_/);
      expect((await h.call("GET", "/v1/me", { key: created.body.key })).body.userId).toBe(h.users.bob);
      const listed = await h.call("GET", "/v1/keys", { key: h.keys.admin });
      expect(JSON.stringify(listed.body)).not.toContain(created.body.key);
      expect((await h.call("DELETE", `/v1/keys/${created.body.record.id}`, { key: h.keys.admin })).body.revokedAt).not.toBeNull();
      expect((await h.call("GET", "/v1/me", { key: created.body.key })).status).toBe(401);
    });
  });
}
