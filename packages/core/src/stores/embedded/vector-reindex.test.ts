import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { runReindexContract } from "../../testing/store-contract-reindex.js";
import { SqliteStore } from "./sqlite-store.js";

runReindexContract("embedded SQLite (on disk)", {
  freshDatabase: async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "memograph-reindex-"));
    return () => new SqliteStore({ dir });
  },
});
