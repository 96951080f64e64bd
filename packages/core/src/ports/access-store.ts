/** Who may call a memograph server: API keys, stored only as hashes. */
export type KeyRole = "admin" | "member";

export interface ApiKeyRecord {
  /** "key_…", public and safe to log. */
  readonly id: string;
  readonly name: string | null;
  readonly role: KeyRole;
  /** Required for member keys (every request is forced into this user's scope), null for admin keys. */
  readonly userId: string | null;
  readonly readOnly: boolean;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
  readonly lastUsedAt: string | null;
}

export interface CreateKeyInput {
  role: KeyRole;
  userId?: string;
  readOnly?: boolean;
  name?: string;
  expiresAt?: string;
}

export interface AccessStore {
  /** Idempotent schema creation. */
  init(): Promise<void>;
  /** The secret is returned once; only its hash is stored (sha-256 of a 256-bit random secret, prefix "mg_"). */
  createKey(input: CreateKeyInput): Promise<{ key: string; record: ApiKeyRecord }>;
  /** Null when the secret is unknown, revoked or expired (hashes compared in constant time). */
  authenticate(secret: string, now?: Date): Promise<ApiKeyRecord | null>;
  listKeys(): Promise<readonly ApiKeyRecord[]>;
  /** NotFoundError when no key has this id. */
  revokeKey(id: string, now?: Date): Promise<ApiKeyRecord>;
  close(): Promise<void>;
}
