import { Client } from "@langchain/langgraph-sdk";
import { describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";

/** LangGraph's own SDK against the store API, used as a LangGraph deployment would. */
export function langgraphStoreSuite(harness: () => Harness): void {
  describe("LangGraph store API", () => {
    const client = (key: string) => new Client({ apiUrl: harness().url, apiKey: key, callerOptions: { maxRetries: 0 } });

    it("puts, gets, searches, lists namespaces and deletes through client.store", async () => {
      const h = harness();
      const store = client(h.keys.alice).store;
      const user = h.users.alice;
      await store.putItem([user, "memories"], "food", { text: "Alice is vegetarian and loves spicy ramen" });
      await store.putItem([user, "memories"], "pet", { text: "Alice has a border collie called Pixel" });
      await store.putItem([user, "profile"], "city", { text: "Alice lives in Porto" }, { index: false });

      const item = await store.getItem([user, "memories"], "food");
      expect(item).toMatchObject({ namespace: [user, "memories"], key: "food", value: { text: "Alice is vegetarian and loves spicy ramen" } });
      expect(Date.parse(item!.createdAt)).not.toBeNaN();
      expect(await store.getItem([user, "memories"], "missing")).toBeNull();

      const searched = await store.searchItems([user, "memories"], { query: "which collie is hers", limit: 5 });
      expect(searched.items[0]!.key).toBe("pet");
      expect(searched.items.every((found) => found.namespace[1] === "memories")).toBe(true);
      const filtered = await store.searchItems([user], { filter: { text: "Alice lives in Porto" } });
      expect(filtered.items.map((found) => found.key)).toEqual(["city"]);

      const namespaces = await store.listNamespaces({ prefix: [user] });
      expect(namespaces.namespaces).toEqual([
        [user, "memories"],
        [user, "profile"],
      ]);

      await store.putItem([user, "memories"], "food", { text: "Alice is vegan now" });
      expect((await store.getItem([user, "memories"], "food"))!.value).toEqual({ text: "Alice is vegan now" });
      await store.deleteItem([user, "memories"], "food");
      expect(await store.getItem([user, "memories"], "food")).toBeNull();
    });

    it("keeps a member inside its user: its empty prefix is its own user, another user's namespace answers 403", async () => {
      const h = harness();
      await client(h.keys.bob).store.putItem([h.users.bob, "notes"], "n1", { text: "Bob's private note" });
      const alice = client(h.keys.alice).store;
      await expect(alice.getItem([h.users.bob, "notes"], "n1")).rejects.toThrow(/403/);
      await expect(alice.putItem([h.users.bob, "notes"], "n2", { text: "planted" })).rejects.toThrow(/403/);
      await expect(alice.searchItems([h.users.bob])).rejects.toThrow(/403/);
      const everything = await alice.searchItems([], { limit: 100 });
      expect(everything.items.every((found) => found.namespace[0] === h.users.alice)).toBe(true);
      expect((await client(h.keys.bob).store.getItem([h.users.bob, "notes"], "n2"))).toBeNull();
      // The admin reads any user's namespace by naming the user.
      expect((await client(h.keys.admin).store.getItem([h.users.bob, "notes"], "n1"))!.value).toEqual({ text: "Bob's private note" });
    });

    it("refuses a TTL with a 400 naming ttl instead of keeping an entry that was meant to expire", async () => {
      const h = harness();
      const store = client(h.keys.alice).store;
      await expect(store.putItem([h.users.alice, "ttl"], "k", { text: "short-lived" }, { ttl: 5 })).rejects.toThrow(/400/);
      const raw = await h.call("PUT", "/store/items", { key: h.keys.alice, body: { namespace: [h.users.alice, "ttl"], key: "k", value: { text: "short-lived" }, ttl: 5 } });
      expect(raw.status).toBe(400);
      expect(raw.body).toMatchObject({ code: "VALIDATION", field: "ttl" });
      expect(await store.getItem([h.users.alice, "ttl"], "k")).toBeNull();
      // No TTL (the SDK's default) or an explicit null is a lasting entry; reading with refreshTtl is harmless.
      await store.putItem([h.users.alice, "ttl"], "k", { text: "lasting" }, { ttl: null });
      expect((await store.getItem([h.users.alice, "ttl"], "k", { refreshTtl: true }))!.value).toEqual({ text: "lasting" });
    });

    it("refuses writes to a read-only key and the store stays as it was", async () => {
      const h = harness();
      const store = client(h.keys.aliceReadOnly).store;
      await expect(store.putItem([h.users.alice, "ro"], "k", { text: "nope" })).rejects.toThrow(/403/);
      expect(await store.getItem([h.users.alice, "ro"], "k")).toBeNull();
      expect((await store.searchItems([h.users.alice, "ro"])).items).toEqual([]);
    });
  });
}
