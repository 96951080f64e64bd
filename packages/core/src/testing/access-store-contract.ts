import { createHash, randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { AccessStore } from "../ports/index.js";

export interface AccessStoreContractOptions {
  /** A fresh store (not yet initialised); each test gets its own and closes it. */
  readonly createStore: () => Promise<AccessStore>;
  /** Everything the store keeps about keys, as text (rows, node properties), to prove no secret is stored. */
  readonly storedText: (store: AccessStore) => Promise<string>;
}

const HOUR = 3_600_000;
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** The behaviour every AccessStore must show; a store package calls this from its own test file. */
export function accessStoreContract(name: string, options: AccessStoreContractOptions): void {
  describe(`AccessStore contract: ${name}`, () => {
    const open: AccessStore[] = [];
    const fresh = async () => {
      const store = await options.createStore();
      open.push(store);
      await store.init();
      return store;
    };
    afterEach(async () => {
      await Promise.all(open.splice(0).map((store) => store.close()));
    });
    const user = () => `u-${randomUUID()}`;

    it("returns the secret once and stores only its sha-256", async () => {
      const store = await fresh();
      const userId = user();
      const { key, record } = await store.createKey({ role: "member", userId, name: "ci bot" });
      expect(key).toMatch(/^mg_[A-Za-z0-9_-]{43}$/);
      expect(record).toMatchObject({ role: "member", userId, name: "ci bot", readOnly: false, expiresAt: null, revokedAt: null, lastUsedAt: null });
      expect(record.id).toMatch(/^key_/);
      expect(JSON.stringify(record)).not.toContain(key);
      const stored = await options.storedText(store);
      expect(stored).toContain(sha256(key));
      expect(stored).not.toContain(key);
      expect(stored).not.toContain(key.slice(3));
      const second = await store.createKey({ role: "member", userId });
      expect(second.key).not.toBe(key);
      expect(second.record.id).not.toBe(record.id);
    });

    it("authenticates a key by its secret and nothing else", async () => {
      const store = await fresh();
      const admin = await store.createKey({ role: "admin" });
      const member = await store.createKey({ role: "member", userId: user(), readOnly: true });
      expect(await store.authenticate(admin.key)).toMatchObject({ id: admin.record.id, role: "admin", userId: null });
      expect(await store.authenticate(member.key)).toMatchObject({ id: member.record.id, role: "member", readOnly: true });
      const near = member.key.slice(0, -1) + (member.key.endsWith("A") ? "B" : "A");
      for (const wrong of [near, "", "mg_", "not-a-key", member.record.id, sha256(member.key), `${member.key} `, "mg_" + "x".repeat(10_000)]) {
        expect(await store.authenticate(wrong)).toBeNull();
      }
    });

    it("notes when a key was last used, without a write on every request", async () => {
      const store = await fresh();
      const { key, record } = await store.createKey({ role: "admin" });
      const t0 = new Date(Date.parse(record.createdAt) + 1000);
      expect((await store.authenticate(key, t0))?.lastUsedAt).toBe(t0.toISOString());
      expect((await store.authenticate(key, new Date(t0.getTime() + 1000)))?.lastUsedAt).toBe(t0.toISOString());
      const later = new Date(t0.getTime() + HOUR);
      expect((await store.authenticate(key, later))?.lastUsedAt).toBe(later.toISOString());
      expect((await store.listKeys()).find((listed) => listed.id === record.id)?.lastUsedAt).toBe(later.toISOString());
    });

    it("stops authenticating an expired key", async () => {
      const store = await fresh();
      const now = Date.now();
      const expiresAt = new Date(now + HOUR).toISOString();
      const { key, record } = await store.createKey({ role: "member", userId: user(), expiresAt });
      expect(record.expiresAt).toBe(expiresAt);
      expect(await store.authenticate(key, new Date(now + HOUR / 2))).not.toBeNull();
      expect(await store.authenticate(key, new Date(now + HOUR))).toBeNull();
      expect(await store.authenticate(key, new Date(now + 2 * HOUR))).toBeNull();
    });

    it("revokes a key for good and keeps the first revocation time", async () => {
      const store = await fresh();
      const kept = await store.createKey({ role: "admin" });
      const { key, record } = await store.createKey({ role: "member", userId: user() });
      const at = new Date(Date.now() + 1000);
      const revoked = await store.revokeKey(record.id, at);
      expect(revoked).toMatchObject({ id: record.id, revokedAt: at.toISOString() });
      expect(await store.authenticate(key)).toBeNull();
      expect((await store.revokeKey(record.id, new Date(at.getTime() + HOUR))).revokedAt).toBe(at.toISOString());
      expect(await store.authenticate(kept.key)).not.toBeNull();
      // Both keys may share a creation millisecond, so their order is not this test's to check.
      const listed = await store.listKeys();
      expect(listed.map((entry) => entry.id).sort()).toEqual([kept.record.id, record.id].sort());
      expect(listed.find((entry) => entry.id === record.id)?.revokedAt).toBe(at.toISOString());
      expect(listed.find((entry) => entry.id === kept.record.id)?.revokedAt).toBeNull();
      await expect(store.revokeKey("key_missing")).rejects.toMatchObject({ code: "NOT_FOUND", field: "id" });
    });

    it("refuses invalid keys with a typed error naming the field, storing nothing", async () => {
      const store = await fresh();
      const cases: [unknown, string][] = [
        [{ role: "member" }, "userId"],
        [{ role: "admin", userId: "ann" }, "userId"],
        [{ role: "owner" }, "role"],
        [{ role: "member", userId: "" }, "userId"],
        [{ role: "member", userId: "ann", expiresAt: "tomorrow" }, "expiresAt"],
        [{ role: "member", userId: "ann", expiresAt: new Date(Date.now() - 1000).toISOString() }, "expiresAt"],
        [{ role: "member", userId: "ann", readOnly: "yes" }, "readOnly"],
        [{ role: "member", userId: "ann", scopes: ["*"] }, ""],
      ];
      for (const [input, field] of cases) {
        await expect(store.createKey(input as never)).rejects.toMatchObject({ code: "VALIDATION", field: expect.stringContaining(field) });
      }
      expect(await store.listKeys()).toEqual([]);
    });

    it("keeps keys across a second init", async () => {
      const store = await fresh();
      const { key } = await store.createKey({ role: "admin" });
      await store.init();
      expect(await store.authenticate(key)).not.toBeNull();
    });
  });
}
