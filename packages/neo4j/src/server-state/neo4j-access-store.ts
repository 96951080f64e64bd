import {
  NotFoundError,
  apiKeyUsable,
  hashApiKeySecret,
  lastUsedIsStale,
  looksLikeApiKey,
  mintApiKey,
  sameKeyHash,
  type AccessStore,
  type ApiKeyRecord,
  type CreateKeyInput,
} from "@memograph/core";
import { KEYS } from "../queries/server-state-queries.js";
import { StateConnection, type Neo4jServerStateOptions } from "./connection.js";
import { createStateSchema } from "./schema.js";

type KeyProps = Omit<ApiKeyRecord, "readOnly"> & { readOnly: boolean };

/** Map projections give null for absent properties; a record is exactly the port's shape. */
function toRecord(key: KeyProps): ApiKeyRecord {
  return {
    id: key.id,
    name: key.name ?? null,
    role: key.role,
    userId: key.userId ?? null,
    readOnly: key.readOnly,
    createdAt: key.createdAt,
    expiresAt: key.expiresAt ?? null,
    revokedAt: key.revokedAt ?? null,
    lastUsedAt: key.lastUsedAt ?? null,
  };
}

/** API keys as `:ApiKey` nodes: only each secret's sha-256 is stored. */
export class Neo4jAccessStore implements AccessStore {
  private readonly connection: StateConnection;

  constructor(options: Neo4jServerStateOptions | StateConnection = {}) {
    this.connection = options instanceof StateConnection ? options : new StateConnection(options);
  }

  async init(): Promise<void> {
    await createStateSchema(this.connection);
  }

  async createKey(input: CreateKeyInput): Promise<{ key: string; record: ApiKeyRecord }> {
    const { secret, hash, record } = mintApiKey(input);
    await this.connection.write("create a key", (tx) => tx.run(KEYS.create, { props: { ...record, hash, namespace: this.connection.namespace } }));
    return { key: secret, record };
  }

  async authenticate(secret: string, now: Date = new Date()): Promise<ApiKeyRecord | null> {
    if (typeof secret !== "string" || !looksLikeApiKey(secret)) return null;
    const hash = hashApiKeySecret(secret);
    const result = await this.connection.read("read a key", (tx) => tx.run(KEYS.byHash, { hash, namespace: this.connection.namespace }));
    const found = result.records[0]?.get("key") as (KeyProps & { hash: string }) | undefined;
    if (found === undefined || !sameKeyHash(found.hash, hash)) return null;
    const record = toRecord(found);
    if (!apiKeyUsable(record, now)) return null;
    if (!lastUsedIsStale(record, now)) return record;
    const lastUsedAt = now.toISOString();
    await this.connection.write("note a key's use", (tx) => tx.run(KEYS.touch, { id: record.id, at: lastUsedAt, namespace: this.connection.namespace }));
    return { ...record, lastUsedAt };
  }

  async listKeys(): Promise<readonly ApiKeyRecord[]> {
    const result = await this.connection.read("list keys", (tx) => tx.run(KEYS.list, { namespace: this.connection.namespace }));
    return result.records.map((row) => toRecord(row.get("key") as KeyProps));
  }

  async revokeKey(id: string, now: Date = new Date()): Promise<ApiKeyRecord> {
    const result = await this.connection.write("revoke a key", (tx) => tx.run(KEYS.revoke, { id, at: now.toISOString(), namespace: this.connection.namespace }));
    const key = result.records[0]?.get("key") as KeyProps | undefined;
    if (key === undefined) throw new NotFoundError("key", id);
    return toRecord(key);
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}
