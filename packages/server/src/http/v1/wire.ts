import type { ApiKeyRecord, TaskRecord } from "@memograph/core";
import type { z } from "@hono/zod-openapi";
import type { keyRecord, memorizeResult, task } from "./schemas.js";

/** A stored task as /v1 shows it: whose it is, never the lease internals or the raw input. */
export function taskToWire(record: TaskRecord): z.infer<typeof task> {
  return {
    id: record.id,
    kind: record.kind,
    status: record.status,
    userId: record.scope.userId ?? "",
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    attempts: record.attempts,
    ...(record.result === null || record.result === undefined ? {} : { result: record.result as z.infer<typeof memorizeResult> }),
    ...(record.error === null ? {} : { error: record.error }),
  };
}

export function keyToWire(record: ApiKeyRecord): z.infer<typeof keyRecord> {
  return { id: record.id, name: record.name, role: record.role, userId: record.userId, readOnly: record.readOnly, createdAt: record.createdAt, expiresAt: record.expiresAt, revokedAt: record.revokedAt, lastUsedAt: record.lastUsedAt };
}
