import type Database from "better-sqlite3";
import { NotFoundError } from "../../errors/index.js";
import type { AccessStore, ApiKeyRecord, CreateKeyInput } from "../../ports/index.js";
import { apiKeyUsable, hashApiKeySecret, lastUsedIsStale, looksLikeApiKey, mintApiKey, sameKeyHash } from "../state/api-keys.js";
import { guarded, openServerDatabase } from "./server-database.js";

export interface SqliteAccessStoreOptions {
  /** The embedded store's folder (its `memograph.db` gains an `api_keys` table); omit for an in-memory store. */
  readonly dir?: string;
}

const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS api_keys (
  id TEXT PRIMARY KEY,
  hash TEXT NOT NULL UNIQUE,
  name TEXT,
  role TEXT NOT NULL,
  user_id TEXT,
  read_only INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT,
  revoked_at TEXT,
  last_used_at TEXT
);`;

interface KeyRow {
  id: string;
  hash: string;
  name: string | null;
  role: "admin" | "member";
  user_id: string | null;
  read_only: number;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

function toRecord(row: KeyRow): ApiKeyRecord {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    userId: row.user_id,
    readOnly: row.read_only === 1,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}

/** API keys in the embedded database: only each secret's sha-256 is stored. */
export class SqliteAccessStore implements AccessStore {
  private readonly db: Database.Database;

  constructor(options: SqliteAccessStoreOptions = {}) {
    this.db = openServerDatabase(options.dir);
  }

  async init(): Promise<void> {
    guarded("create the api_keys table", () => this.db.exec(SCHEMA_SQL));
  }

  async createKey(input: CreateKeyInput): Promise<{ key: string; record: ApiKeyRecord }> {
    const { secret, hash, record } = mintApiKey(input);
    guarded("create a key", () =>
      this.db
        .prepare("INSERT INTO api_keys (id, hash, name, role, user_id, read_only, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .run(record.id, hash, record.name, record.role, record.userId, record.readOnly ? 1 : 0, record.createdAt, record.expiresAt),
    );
    return { key: secret, record };
  }

  async authenticate(secret: string, now: Date = new Date()): Promise<ApiKeyRecord | null> {
    if (typeof secret !== "string" || !looksLikeApiKey(secret)) return null;
    const hash = hashApiKeySecret(secret);
    const row = guarded("read a key", () => this.db.prepare<[string], KeyRow>("SELECT * FROM api_keys WHERE hash = ?").get(hash));
    if (row === undefined || !sameKeyHash(row.hash, hash)) return null;
    const record = toRecord(row);
    if (!apiKeyUsable(record, now)) return null;
    if (!lastUsedIsStale(record, now)) return record;
    const lastUsedAt = now.toISOString();
    guarded("note a key's use", () => this.db.prepare("UPDATE api_keys SET last_used_at = ? WHERE id = ?").run(lastUsedAt, record.id));
    return { ...record, lastUsedAt };
  }

  async listKeys(): Promise<readonly ApiKeyRecord[]> {
    return guarded("list keys", () => this.db.prepare<[], KeyRow>("SELECT * FROM api_keys ORDER BY created_at, id").all()).map(toRecord);
  }

  async revokeKey(id: string, now: Date = new Date()): Promise<ApiKeyRecord> {
    const row = guarded("revoke a key", () =>
      // A key revoked before keeps its first revocation time.
      this.db.prepare<[string, string], KeyRow>("UPDATE api_keys SET revoked_at = coalesce(revoked_at, ?) WHERE id = ? RETURNING *").get(now.toISOString(), id),
    );
    if (row === undefined) throw new NotFoundError("key", id);
    return toRecord(row);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
