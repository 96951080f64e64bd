import { describe, expect, it } from "vitest";
import type { Harness } from "../harness.js";

const conversation = [
  { role: "user", name: "John", created_at: "2026-01-15T10:30:00Z", content: "I love playing tennis on weekends" },
  { role: "assistant", name: "Coach", created_at: "2026-01-15T10:30:15Z", content: "That's great! Tennis is an excellent way to stay active." },
  { role: "user", name: "John", created_at: "2026-01-15T10:31:00Z", content: "I usually play at the local club every Saturday morning." },
];

/** The memU Cloud v3 flow as a memU client runs it: memorize task → status → retrieve → categories. */
export function memuV3Suite(harness: () => Harness, settle: () => Promise<void>): void {
  describe("memU Cloud v3 API", () => {
    it("memorizes as a task, reports PENDING then SUCCESS with the result, then retrieves and lists categories", async () => {
      const h = harness();
      const registered = await h.call("POST", "/api/v3/memory/memorize", { key: h.keys.alice, body: { conversation, user_id: h.users.alice, agent_id: "coach", user_name: "John" } });
      expect(registered.status).toBe(200);
      expect(registered.body).toEqual({ task_id: expect.stringMatching(/^tsk_/), status: "PENDING", message: expect.any(String) });

      await settle();
      const status = await h.call("GET", `/api/v3/memory/memorize/status/${registered.body.task_id}`, { key: h.keys.alice });
      expect(status.body).toMatchObject({ task_id: registered.body.task_id, status: "SUCCESS", completed_at: expect.any(String) });
      expect(status.body.result.items.length).toBeGreaterThan(0);

      const retrieved = await h.call("POST", "/api/v3/memory/retrieve", { key: h.keys.alice, body: { user_id: h.users.alice, agent_id: "coach", query: "When does the user play tennis?" } });
      expect(retrieved.status).toBe(200);
      expect(retrieved.body.rewritten_query).toBe("When does the user play tennis?");
      expect(retrieved.body.items[0]).toMatchObject({ memory_type: expect.any(String), content: expect.stringMatching(/tennis/i), resource_ids: [status.body.result.resource_id] });

      const asConversation = await h.call("POST", "/api/v3/memory/retrieve", { key: h.keys.alice, body: { user_id: h.users.alice, query: [{ role: "user", content: "I want to be more active" }, { role: "user", content: "Where do I play tennis?" }] } });
      expect(asConversation.body.items.some((item: { content: string }) => /club/i.test(item.content))).toBe(true);

      const categories = await h.call("POST", "/api/v3/memory/categories", { key: h.keys.alice, body: { user_id: h.users.alice, agent_id: "coach" } });
      expect(categories.body.categories.length).toBeGreaterThan(0);
      expect(categories.body.categories[0]).toMatchObject({ name: expect.any(String), description: expect.any(String), summary: expect.any(String), user_id: h.users.alice, agent_id: "coach" });
    });

    it("returns the first task again for a repeated Idempotency-Key", async () => {
      const h = harness();
      const body = { conversation, user_id: h.users.bob };
      const headers = { "idempotency-key": "retry-1" };
      const first = await h.call("POST", "/api/v3/memory/memorize", { key: h.keys.bob, body, headers });
      const second = await h.call("POST", "/api/v3/memory/memorize", { key: h.keys.bob, body, headers });
      expect(second.body.task_id).toBe(first.body.task_id);
      await settle();
    });

    it("a failed task reports FAILED with the core's typed error", async () => {
      const h = harness();
      const registered = await h.call("POST", "/api/v3/memory/memorize", { key: h.keys.bob, body: { resource_url: "file:///etc/passwd", user_id: h.users.bob } });
      expect(registered.status).toBe(200);
      await settle();
      const status = await h.call("GET", `/api/v3/memory/memorize/status/${registered.body.task_id}`, { key: h.keys.bob });
      expect(status.body).toMatchObject({ status: "FAILED", error: { code: "RESOURCE_REFUSED" } });
    });

    it("keeps a member to its own user: another user_id answers 403, another user's task is not found", async () => {
      const h = harness();
      const refused = await h.call("POST", "/api/v3/memory/retrieve", { key: h.keys.alice, body: { user_id: h.users.bob, query: "anything" } });
      expect(refused.status).toBe(403);
      const bobs = await h.call("POST", "/api/v3/memory/memorize", { key: h.keys.bob, body: { conversation, user_id: h.users.bob, agent_id: "other" } });
      expect((await h.call("GET", `/api/v3/memory/memorize/status/${bobs.body.task_id}`, { key: h.keys.alice })).status).toBe(404);
      await settle();
    });
  });
}
