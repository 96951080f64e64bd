import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { MemographError, StoreFailureError } from "../../errors/index.js";

/**
 * A connection to the embedded store's database file (`<dir>/memograph.db`, the one SqliteStore uses) for the server's
 * own tables, or a private in-memory database without a dir. WAL with full sync and a busy timeout, like the memory
 * store, so several connections and processes share the file safely.
 */
export function openServerDatabase(dir: string | undefined): Database.Database {
  let db: Database.Database;
  if (dir === undefined) db = new Database(":memory:");
  else {
    mkdirSync(dir, { recursive: true });
    db = new Database(path.join(dir, "memograph.db"));
  }
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("busy_timeout = 10000");
  // Forgetting a user erases their tasks' text: deleted rows are overwritten, as in the memory store.
  db.pragma("secure_delete = ON");
  return db;
}

/** Runs a database step, turning driver errors into a StoreFailureError (typed errors pass through). */
export function guarded<T>(operation: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (MemographError.isInstance(error)) throw error;
    throw new StoreFailureError(`The embedded store failed to ${operation}: ${(error as Error).message}`, { cause: error });
  }
}
