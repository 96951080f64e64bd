import { describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";

const conversation = [
  { role: "user", content: "Hi, I'm Priya. I work as a structural engineer in Lisbon.", createdAt: "2026-03-01T10:00:00Z" },
  { role: "assistant", content: "Nice to meet you, Priya!" },
  { role: "user", content: "I love climbing on weekends and I'm allergic to peanuts." },
];

/** The native /v1 API end to end: memorize, retrieve, the records, provenance, the graph, export and forget. */
export function v1Suite(harness: () => Harness): void {
  describe("/v1", () => {
    it("memorizes a conversation and retrieves it with provenance, then traces an item to its source text", async () => {
      const h = harness();
      const memorized = await h.call("POST", "/v1/memorize", { key: h.keys.alice, body: { content: conversation } });
      expect(memorized.status).toBe(200);
      expect(memorized.body.created).toBe(true);
      expect(memorized.body.items.length).toBeGreaterThan(0);
      expect(memorized.body.resource.scope).toEqual({ userId: h.users.alice });

      const found = await h.call("POST", "/v1/retrieve", { key: h.keys.alice, body: { query: "Where does Priya work?", topK: 3 } });
      expect(found.status).toBe(200);
      const hit = found.body.items.find((item: { summary: string }) => /engineer/.test(item.summary));
      expect(hit).toBeDefined();
      expect(typeof hit.score).toBe("number");

      const itemId = hit.id;
      const trace = await h.call("GET", `/v1/items/${itemId}/trace`, { key: h.keys.alice });
      expect(trace.status).toBe(200);
      expect(trace.body.sources[0].resource.id).toBe(memorized.body.resource.id);
      expect(trace.body.sources[0].excerpt).toMatch(/engineer/);

      const again = await h.call("POST", "/v1/memorize", { key: h.keys.alice, body: { content: conversation } });
      expect(again.body.created).toBe(false);
    });

    it("creates, reads, pages, updates and deletes items", async () => {
      const h = harness();
      const { users, keys } = h;
      const created = [];
      for (const summary of ["Prefers green tea", "Owns a grey cat named Miso", "Runs 5k every Tuesday"]) {
        const response = await h.call("POST", "/v1/items", { key: keys.admin, body: { userId: users.bob, type: "profile", summary } });
        expect(response.status).toBe(201);
        created.push(response.body);
      }
      const first = await h.call("GET", `/v1/items?userId=${users.bob}&type=profile&limit=2`, { key: keys.bob });
      expect(first.body.items).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await h.call("GET", `/v1/items?type=profile&limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`, { key: keys.bob });
      expect([...first.body.items, ...second.body.items].map((item: { id: string }) => item.id)).toEqual(expect.arrayContaining(created.map((item) => item.id)));

      const updated = await h.call("PATCH", `/v1/items/${created[0].id}`, { key: keys.bob, body: { summary: "Prefers jasmine tea" } });
      expect(updated.body.summary).toBe("Prefers jasmine tea");
      expect((await h.call("GET", `/v1/items/${created[0].id}`, { key: keys.bob })).body.summary).toBe("Prefers jasmine tea");
      expect((await h.call("DELETE", `/v1/items/${created[1].id}`, { key: keys.bob })).body.id).toBe(created[1].id);
      expect((await h.call("GET", `/v1/items/${created[1].id}`, { key: keys.bob })).status).toBe(404);

      const category = updated.body.categories[0];
      const inCategory = await h.call("GET", `/v1/items?category=${category}`, { key: keys.bob });
      expect(inCategory.body.items.map((item: { id: string }) => item.id)).toContain(created[0].id);
    });

    it("lists categories and resources, draws the scope's graph, counts it, exports it and forgets it", async () => {
      const h = harness();
      const key = h.keys.alice;
      await h.call("POST", "/v1/memorize", { key, body: { content: conversation, sessionId: "s-graph" } });
      const categories = await h.call("GET", "/v1/categories", { key });
      expect(categories.body.categories.length).toBeGreaterThan(0);
      const category = await h.call("GET", `/v1/categories/${categories.body.categories[0].id}`, { key });
      expect(category.body.name).toBe(categories.body.categories[0].name);

      const resources = await h.call("GET", "/v1/resources?limit=10", { key });
      const resource = await h.call("GET", `/v1/resources/${resources.body.resources[0].id}`, { key });
      expect(resource.body.text).toMatch(/Priya/);

      const graph = await h.call("GET", "/v1/graph", { key });
      const kinds = new Set(graph.body.nodes.map((node: { kind: string }) => node.kind));
      expect([...kinds].sort()).toEqual(["category", "item", "resource"]);
      const ids = new Set(graph.body.nodes.map((node: { id: string }) => node.id));
      expect(graph.body.edges.length).toBeGreaterThan(0);
      for (const edge of graph.body.edges) expect(ids.has(edge.source) && ids.has(edge.target)).toBe(true);
      expect(graph.body.edges.some((edge: { kind: string }) => edge.kind === "extracted_from")).toBe(true);

      const stats = await h.call("GET", "/v1/stats", { key });
      expect(stats.body.items.total).toBeGreaterThan(0);
      expect(stats.body.resources.total).toBe(resources.body.resources.length);

      const exported = await h.call("GET", "/v1/export", { key });
      expect(exported.body.items.length).toBe(stats.body.items.total);

      const refused = await h.call("POST", "/v1/forget", { key, body: { confirm: "someone-else" } });
      expect(refused.body).toMatchObject({ code: "VALIDATION", field: "confirm" });
      const forgot = await h.call("POST", "/v1/forget", { key, body: { confirm: h.users.alice } });
      expect(forgot.body.items).toBeGreaterThan(0);
      expect((await h.call("GET", "/v1/export", { key })).body).toEqual({ resources: [], items: [], categories: [] });
    });

    it("deletes a resource and the items drawn only from it", async () => {
      const h = harness();
      const memorized = await h.call("POST", "/v1/memorize", { key: h.keys.bob, body: { content: "Bob's bike is a red Brompton he bought in 2021.", uri: "note.txt" } });
      const deleted = await h.call("DELETE", `/v1/resources/${memorized.body.resource.id}`, { key: h.keys.bob });
      expect(deleted.status).toBe(200);
      expect(deleted.body.deletedItemIds.sort()).toEqual(memorized.body.items.map((item: { id: string }) => item.id).sort());
    });

    it("serves health without a key, the OpenAPI 3.1 document and a reference page", async () => {
      const h = harness();
      const health = await h.call("GET", "/health");
      expect(health.body).toEqual({ status: "ok", version: expect.any(String) });
      const spec = await h.call("GET", "/openapi.json");
      expect(spec.body.openapi).toBe("3.1.0");
      for (const path of ["/v1/memorize", "/v1/retrieve", "/v1/items/{id}", "/v1/graph", "/api/v3/memory/memorize", "/api/v3/memory/memorize/status/{task_id}", "/store/items", "/store/namespaces"]) {
        expect(Object.keys(spec.body.paths)).toContain(path);
      }
      expect(spec.body.components.schemas.Item.properties.summary).toBeDefined();
      const docs = await fetch(`${h.url}/docs`);
      expect(docs.headers.get("content-type")).toMatch(/text\/html/);
      const page = await docs.text();
      expect(page).toContain("/openapi.json");
      expect(page).not.toMatch(/<script[^>]+src=|<link[^>]+href="http/);
    });
  });
}
