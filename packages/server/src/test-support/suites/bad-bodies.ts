import { describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";

/** Oversized, too deep, malformed and mistyped bodies get clean problem+json errors, and nothing is written. */
export function badBodiesSuite(harness: () => Harness, bodyLimitBytes: number): void {
  describe("bad bodies", () => {
    const itemCount = async () => (await harness().memory.listItems({ scope: { userId: harness().users.alice }, limit: 500, status: "all" })).records.length;
    const resourceCount = async () => (await harness().memory.listResources({ scope: { userId: harness().users.alice }, limit: 500 })).records.length;

    const cases: Array<{ name: string; path: string; body: string; status: number; code: string; field?: string }> = [
      { name: "an oversized body", path: "/v1/memorize", body: JSON.stringify({ content: "x".repeat(bodyLimitBytes + 10) }), status: 413, code: "PAYLOAD_TOO_LARGE" },
      { name: "deeply nested JSON", path: "/v1/memorize", body: `{"content":"hi","metadata":{"a":${"[".repeat(200)}${"]".repeat(200)}}}`, status: 400, code: "VALIDATION", field: "body" },
      { name: "malformed JSON", path: "/v1/memorize", body: '{"content": "unterminated', status: 400, code: "VALIDATION", field: "body" },
      { name: "a wrong type", path: "/v1/memorize", body: JSON.stringify({ content: 42 }), status: 400, code: "VALIDATION", field: "content" },
      { name: "an unknown field", path: "/v1/items", body: JSON.stringify({ type: "knowledge", summary: "s", owner: "root" }), status: 400, code: "VALIDATION" },
      { name: "an unknown memory type", path: "/v1/items", body: JSON.stringify({ type: "gossip", summary: "s" }), status: 400, code: "VALIDATION", field: "type" },
      { name: "a memU memorize without user_id", path: "/api/v3/memory/memorize", body: JSON.stringify({ conversation: [{ role: "user", content: "hi" }] }), status: 400, code: "VALIDATION", field: "user_id" },
      { name: "a LangGraph put with a dotted label", path: "/store/items", body: JSON.stringify({ namespace: ["a.b"], key: "k", value: {} }), status: 400, code: "VALIDATION", field: "namespace.0" },
    ];

    for (const example of cases) {
      it(`answers ${example.status} ${example.code} to ${example.name}, storing nothing`, async () => {
        const h = harness();
        const [items, resources] = [await itemCount(), await resourceCount()];
        const method = example.path === "/store/items" ? "PUT" : "POST";
        const response = await h.call(method, example.path, { key: h.keys.alice, body: example.body });
        expect(response.status).toBe(example.status);
        expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
        expect(response.body).toMatchObject({ status: example.status, code: example.code, ...(example.field ? { field: example.field } : {}) });
        expect([await itemCount(), await resourceCount()]).toEqual([items, resources]);
      });
    }

    it("answers 400 VALIDATION to a body that is not sent as JSON", async () => {
      const h = harness();
      const items = await itemCount();
      const response = await h.call("POST", "/v1/items", { key: h.keys.alice, body: "type=knowledge&summary=x", headers: { "content-type": "application/x-www-form-urlencoded" } });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe("VALIDATION");
      expect(await itemCount()).toBe(items);
    });

    it("refuses a chunked oversized body as well as an announced one", async () => {
      const h = harness();
      const chunk = new TextEncoder().encode("x".repeat(16 * 1024));
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent > bodyLimitBytes * 2) return controller.close();
          sent += chunk.length;
          controller.enqueue(chunk);
        },
      });
      const response = await fetch(`${h.url}/v1/memorize`, { method: "POST", headers: { authorization: `Bearer ${h.keys.alice}`, "content-type": "application/json" }, body: stream, duplex: "half" } as RequestInit);
      expect(response.status).toBe(413);
      expect(((await response.json()) as { code: string }).code).toBe("PAYLOAD_TOO_LARGE");
    });

    it("answers unknown routes and missing records with problem+json NOT_FOUND", async () => {
      const h = harness();
      expect((await h.call("GET", "/v1/nothing-here", { key: h.keys.alice })).body.code).toBe("NOT_FOUND");
      const missing = await h.call("GET", "/v1/items/itm_missing", { key: h.keys.alice });
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({ code: "NOT_FOUND", field: "id" });
    });
  });
}
