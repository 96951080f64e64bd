import Database from "better-sqlite3";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { MemographError, StoreFailureError } from "../../errors/index.js";

const databaseFile = (dir: string) => path.join(dir, "memograph.db");

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
    db = new Database(databaseFile(dir));
  }
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("busy_timeout = 10000");
  // Forgetting a user erases their tasks' text: deleted rows are overwritten, as in the memory store.
  db.pragma("secure_delete = ON");
  return db;
}

/** Whether the embedded store in `dir` has table `table` (a server has used it); creates neither the file nor the table. */
export function hasServerTable(dir: string, table: string): boolean {
  if (!existsSync(databaseFile(dir))) return false;
  const db = new Database(databaseFile(dir), { fileMustExist: true });
  try {
    return guarded(`look for the ${table} table`, () => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table)) !== undefined;
  } finally {
    db.close();
  }
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
