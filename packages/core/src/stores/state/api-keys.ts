import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { ValidationError } from "../../errors/index.js";
import type { ApiKeyRecord, CreateKeyInput, KeyRole } from "../../ports/index.js";

/** Secrets start with this, so a leaked one is recognisable (and scanners can match it). */
export const API_KEY_PREFIX = "mg_";

/** `lastUsedAt` is written at most this often per key: authenticating must not be a write on every request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

const createKeyInputSchema = z
  .object({
    role: z.enum(["admin", "member"]),
    userId: z.string().min(1, "must not be empty").max(256).optional(),
    readOnly: z.boolean().optional(),
    name: z.string().min(1, "must not be empty").max(200).optional(),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

/** A validated key to store: what every AccessStore writes besides its own bookkeeping. */
export interface NewApiKey {
  readonly secret: string;
  readonly hash: string;
  readonly record: ApiKeyRecord;
}

/** The stored form of a secret: its sha-256, hex. A 256-bit random secret needs no salt or slow hash. */
export function hashApiKeySecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** Compares two stored hashes in constant time. */
export function sameKeyHash(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Validates a key request and mints the key: member keys are bound to a user, admin keys to none; an expiry must lie
 * in the future. Throws a ValidationError naming the field.
 */
export function mintApiKey(input: CreateKeyInput, now: Date = new Date()): NewApiKey {
  const parsed = createKeyInputSchema.safeParse(input);
  if (!parsed.success) throw ValidationError.fromZod("key", parsed.error);
  const { role, userId, readOnly, name, expiresAt } = parsed.data;
  if (role === "member" && userId === undefined) throw new ValidationError("A member key needs the userId it is bound to", [{ path: "userId", message: "required for role member" }]);
  if (role === "admin" && userId !== undefined) throw new ValidationError("An admin key is bound to no user", [{ path: "userId", message: "not allowed for role admin" }]);
  const expires = expiresAt === undefined ? null : new Date(expiresAt);
  if (expires !== null && expires.getTime() <= now.getTime()) throw new ValidationError("The key would already be expired", [{ path: "expiresAt", message: "must lie in the future" }]);
  const secret = API_KEY_PREFIX + randomBytes(32).toString("base64url");
  const record: ApiKeyRecord = {
    id: `key_${randomBytes(12).toString("hex")}`,
    name: name ?? null,
    role: role satisfies KeyRole,
    userId: userId ?? null,
    readOnly: readOnly ?? false,
    createdAt: now.toISOString(),
    expiresAt: expires?.toISOString() ?? null,
    revokedAt: null,
    lastUsedAt: null,
  };
  return { secret, hash: hashApiKeySecret(secret), record };
}

/** A key authenticates until it is revoked or its expiry has passed. */
export function apiKeyUsable(record: ApiKeyRecord, now: Date): boolean {
  return record.revokedAt === null && (record.expiresAt === null || Date.parse(record.expiresAt) > now.getTime());
}

/** True when `lastUsedAt` is stale enough to be written again. */
export function lastUsedIsStale(record: ApiKeyRecord, now: Date): boolean {
  return record.lastUsedAt === null || now.getTime() - Date.parse(record.lastUsedAt) >= LAST_USED_RESOLUTION_MS;
}

/** Secrets that cannot be ours are refused before any store lookup. */
export function looksLikeApiKey(secret: string): boolean {
  return secret.startsWith(API_KEY_PREFIX) && secret.length <= 128;
}
