import Database from "better-sqlite3";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createMemory } from "../../service/memory-service.js";
import { accessStoreContract } from "../../testing/access-store-contract.js";
import { taskStoreContract } from "../../testing/task-store-contract.js";
import { openEmbeddedServerState } from "./server-state.js";
import { SqliteAccessStore } from "./sqlite-access-store.js";
import { SqliteTaskStore } from "./sqlite-task-store.js";
import { SCHEMA_VERSION } from "./schema.js";

const tempDir = () => mkdtemp(path.join(tmpdir(), "memograph-state-"));
const dirs = new WeakMap<object, string>();

/** Every byte of the database file and its write-ahead log, as text: a stored secret would show up here. */
async function fileText(dir: string): Promise<string> {
  const parts = await Promise.all(["memograph.db", "memograph.db-wal"].map((name) => readFile(path.join(dir, name)).catch(() => Buffer.alloc(0))));
  return Buffer.concat(parts).toString("latin1");
}

accessStoreContract("embedded SQLite (on disk)", {
  createStore: async () => {
    const dir = await tempDir();
    const store = new SqliteAccessStore({ dir });
    dirs.set(store, dir);
    return store;
  },
  storedText: (store) => fileText(dirs.get(store)!),
});

taskStoreContract("embedded SQLite (on disk)", {
  createStore: async () => {
    const dir = await tempDir();
    const store = new SqliteTaskStore({ dir });
    dirs.set(store, dir);
    return store;
  },
  connectAgain: async (store) => new SqliteTaskStore({ dir: dirs.get(store)! }),
});

taskStoreContract("embedded SQLite (in memory)", {
  createStore: async () => new SqliteTaskStore(),
  // An in-memory database has one connection: the "second" claimer shares it.
  connectAgain: async (store) => store,
});

describe("embedded server state", () => {
  it("lives beside the memories in one database without touching the memory schema, in either order", async () => {
    for (const stateFirst of [true, false]) {
      const dir = await tempDir();
      const open = () => openEmbeddedServerState({ dir });
      const state = stateFirst ? await open() : null;
      const memory = await createMemory({ dir });
      const later = state ?? (await open());
      const { key } = await later.access.createKey({ role: "member", userId: "ann" });
      const { task } = await later.tasks.enqueue({ kind: "memorize", scope: { userId: "ann" }, input: { content: "I live in Oslo" } });
      await memory.createItem({ scope: { userId: "ann" }, type: "profile", summary: "Lives in Oslo" });
      await Promise.all([later.close(), memory.close()]);

      const db = new Database(path.join(dir, "memograph.db"), { readonly: true });
      expect(db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get()).toBe(String(SCHEMA_VERSION));
      db.close();
      const reopened = await open();
      const memoryAgain = await createMemory({ dir });
      expect(await reopened.access.authenticate(key)).toMatchObject({ userId: "ann" });
      expect(await reopened.tasks.get(task.id, null)).toEqual(task);
      expect((await memoryAgain.listItems({ scope: { userId: "ann" } })).records.map((item) => item.summary)).toEqual(["Lives in Oslo"]);
      await Promise.all([reopened.close(), memoryAgain.close()]);
    }
  });

  it("opens an existing task queue only where a server made one, creating no file or table", async () => {
    const dir = await tempDir();
    expect(SqliteTaskStore.openExisting(dir)).toBeNull();
    await expect(readFile(path.join(dir, "memograph.db"))).rejects.toThrow(/ENOENT/);
    const memory = await createMemory({ dir });
    await memory.createItem({ scope: { userId: "ann" }, type: "profile", summary: "Lives in Oslo" });
    await memory.close();
    expect(SqliteTaskStore.openExisting(dir)).toBeNull();
    const db = new Database(path.join(dir, "memograph.db"), { readonly: true });
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()).not.toContain("tasks");
    db.close();

    const state = await openEmbeddedServerState({ dir });
    const { task } = await state.tasks.enqueue({ kind: "memorize", scope: { userId: "ann" }, input: { content: "I live in Oslo" } });
    await state.close();
    const tasks = SqliteTaskStore.openExisting(dir)!;
    expect(await tasks.get(task.id, null)).toEqual(task);
    await tasks.close();
  });

  it("keeps keys and tasks in memory when there is no folder", async () => {
    const state = await openEmbeddedServerState();
    const { key } = await state.access.createKey({ role: "admin" });
    expect(await state.access.authenticate(key)).toMatchObject({ role: "admin" });
    const { task } = await state.tasks.enqueue({ kind: "memorize", scope: { userId: "ann" }, input: { content: "hello" } });
    expect((await state.tasks.claim("runner", 1000))?.id).toBe(task.id);
    await state.close();
  });
});
