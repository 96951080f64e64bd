// Every Cypher statement of the server's state (API keys and the task queue), readable top to bottom and pasteable
// into Neo4j Browser. All values are parameters; scope keys are read with dynamic property access from parameters.
// Every node carries the `namespace` of its deployment, so several deployments can share one database.

import { LOCK_NODE } from "./lock.js";

const KEY_FIELDS = `.id, .name, .role, .userId, .readOnly, .createdAt, .expiresAt, .revokedAt, .lastUsedAt`;
const TASK_FIELDS = `.id, .kind, .status, .scope, .input, .idempotencyKey, .attempts, .createdAt, .updatedAt, .leaseOwner, .leaseExpiresAt, .result, .error`;

/** Every task has `createdAt`; saying so lets the planner use the composite indexes that end with it. */
const INDEXED = `t.createdAt IS NOT NULL`;

/**
 * Tasks `t` in the reader's scope: `$conditions` is a list of `{key, values}` (empty for an admin). A reader bound to
 * one user (`byUser`, with `$userId`) starts from the per-user index instead of the namespace's every task.
 */
const READABLE = (byUser: boolean) =>
  `MATCH (t:Task {namespace: $namespace${byUser ? ", scope_userId: $userId" : ""}}) WHERE ${INDEXED} AND ALL(c IN $conditions WHERE t['scope_' + c.key] IN c.values)`;

/** Claimable: pending, or running on a lease that has run out. */
const CLAIMABLE = `(t.status = 'pending' OR (t.status = 'running' AND t.leaseExpiresAt <= $now))`;

/** Task `t`'s lock: the checks after it see the latest committed state, and no claim, renewal or completion slips in. */
const LOCK = LOCK_NODE("t");

export const STATE_SCHEMA = [
  "CREATE CONSTRAINT memograph_api_key_id IF NOT EXISTS FOR (k:ApiKey) REQUIRE k.id IS UNIQUE",
  "CREATE CONSTRAINT memograph_api_key_hash IF NOT EXISTS FOR (k:ApiKey) REQUIRE k.hash IS UNIQUE",
  "CREATE INDEX memograph_api_key_namespace IF NOT EXISTS FOR (k:ApiKey) ON (k.namespace, k.createdAt)",
  "CREATE CONSTRAINT memograph_task_id IF NOT EXISTS FOR (t:Task) REQUIRE t.id IS UNIQUE",
  // One task per (namespace, owner, idempotency key), as one string; tasks without a key lack the property.
  "CREATE CONSTRAINT memograph_task_idempotency IF NOT EXISTS FOR (t:Task) REQUIRE t.idempotency IS UNIQUE",
  "CREATE CONSTRAINT memograph_task_queue IF NOT EXISTS FOR (q:TaskQueue) REQUIRE q.namespace IS UNIQUE",
  "CREATE INDEX memograph_task_status IF NOT EXISTS FOR (t:Task) ON (t.namespace, t.status, t.createdAt)",
  "CREATE INDEX memograph_task_time IF NOT EXISTS FOR (t:Task) ON (t.namespace, t.createdAt)",
  "CREATE INDEX memograph_task_user IF NOT EXISTS FOR (t:Task) ON (t.namespace, t.scope_userId, t.createdAt)",
] as const;

export const KEYS = {
  create: `CREATE (k:ApiKey) SET k = $props`,
  byHash: `MATCH (k:ApiKey {hash: $hash}) WHERE k.namespace = $namespace RETURN k {${KEY_FIELDS}, .hash} AS key`,
  touch: `MATCH (k:ApiKey {id: $id}) WHERE k.namespace = $namespace SET k.lastUsedAt = $at`,
  list: `MATCH (k:ApiKey) WHERE k.namespace = $namespace RETURN k {${KEY_FIELDS}} AS key ORDER BY k.createdAt, k.id`,
  /** A key revoked before keeps its first revocation time. */
  revoke: `MATCH (k:ApiKey {id: $id}) WHERE k.namespace = $namespace
    SET k.revokedAt = coalesce(k.revokedAt, $at)
    RETURN k {${KEY_FIELDS}} AS key`,
} as const;

export const TASKS = {
  create: `CREATE (t:Task) SET t = $props, t += $scopeProps, t.attempts = 0 RETURN t {${TASK_FIELDS}} AS task, true AS created`,
  /** The first task of an idempotency slot, created when there is none; the constraint serialises racing callers. */
  createOnce: `MERGE (t:Task {idempotency: $props.idempotency})
    ON CREATE SET t = $props, t += $scopeProps, t.attempts = 0
    RETURN t {${TASK_FIELDS}} AS task, t.id = $props.id AS created`,
  get: `MATCH (t:Task {id: $id}) WHERE t.namespace = $namespace AND ALL(c IN $conditions WHERE t['scope_' + c.key] IN c.values)
    RETURN t {${TASK_FIELDS}} AS task`,
  list: (byUser: boolean) => `${READABLE(byUser)} AND ($status IS NULL OR t.status = $status)
      AND ($cursorAt IS NULL OR t.createdAt < $cursorAt OR (t.createdAt = $cursorAt AND t.id < $cursorId))
    RETURN t {${TASK_FIELDS}} AS task ORDER BY t.createdAt DESC, t.id DESC LIMIT $limit`,
  counts: (byUser: boolean) => `${READABLE(byUser)} RETURN t.status AS status, count(*) AS n`,
  /**
   * Claims in one namespace run one at a time (the queue node's lock); the oldest pending task and the oldest one with
   * an expired lease are each an index seek, so finished tasks never slow a claim. The chosen task is locked and checked
   * again, so a completion racing with the re-claim of an expired lease is never overwritten. No row: nothing to claim;
   * a row without a task: that race was lost, and the caller tries again.
   */
  claim: `MERGE (q:TaskQueue {namespace: $namespace})
    SET q.lastClaimAt = $now
    WITH q
    CALL () {
      MATCH (t:Task {namespace: $namespace, status: 'pending'}) WHERE ${INDEXED} RETURN t ORDER BY t.createdAt, t.id LIMIT 1
      UNION
      MATCH (t:Task {namespace: $namespace, status: 'running'}) WHERE ${INDEXED} AND t.leaseExpiresAt <= $now RETURN t ORDER BY t.createdAt, t.id LIMIT 1
    }
    WITH t ORDER BY t.createdAt, t.id LIMIT 1
    OPTIONAL CALL (t) {
      ${LOCK}
      WITH t WHERE ${CLAIMABLE}
      SET t.status = 'running', t.attempts = t.attempts + 1, t.leaseOwner = $owner, t.leaseExpiresAt = $until, t.updatedAt = $now
      RETURN t {${TASK_FIELDS}} AS task
    }
    RETURN task`,
  /** Changes a running task only while `$owner` holds its lease; `$set` is a map of properties (nulls remove). */
  update: `MATCH (t:Task {id: $id}) WHERE t.namespace = $namespace
    ${LOCK}
    WITH t WHERE t.status = 'running' AND t.leaseOwner = $owner
    SET t += $set, t.updatedAt = $now
    RETURN count(t) AS changed`,
  /**
   * A forget's first step: takes the queue's lock, so no claim starts a task of the scope until the forget commits,
   * and names a task of the scope running on a live lease, if any (the forget then refuses).
   */
  forgetCheck: (byUser: boolean) => `MERGE (q:TaskQueue {namespace: $namespace})
    SET q.lastForgetAt = $now
    WITH q
    CALL () { ${READABLE(byUser)} AND t.status = 'running' AND t.leaseExpiresAt > $now RETURN collect(t.id) AS running }
    RETURN running[0] AS running`,
  forget: (byUser: boolean) => `${READABLE(byUser)} DETACH DELETE t RETURN count(*) AS erased`,
  /** Up to `$limit` finished tasks created and last changed before `$before` (the status index serves each status). */
  purgeFinished: `UNWIND ['succeeded', 'failed'] AS status
    CALL (status) {
      MATCH (t:Task {namespace: $namespace, status: status}) WHERE t.createdAt < $before AND t.updatedAt < $before
      RETURN t LIMIT $limit
    }
    WITH t LIMIT $limit
    DETACH DELETE t
    RETURN count(*) AS purged`,
  /** Whether the namespace has a task at all. */
  exist: `RETURN EXISTS { MATCH (t:Task {namespace: $namespace}) } AS exist`,
  /** Gives a task back; the interrupted attempt is not counted. */
  release: `MATCH (t:Task {id: $id}) WHERE t.namespace = $namespace
    ${LOCK}
    WITH t WHERE t.status = 'running' AND t.leaseOwner = $owner
    SET t.status = 'pending', t.attempts = CASE WHEN t.attempts > 0 THEN t.attempts - 1 ELSE 0 END,
        t.leaseOwner = null, t.leaseExpiresAt = null, t.updatedAt = $now
    RETURN count(t) AS changed`,
} as const;
