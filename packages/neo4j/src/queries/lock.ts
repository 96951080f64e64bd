/**
 * Takes node `n`'s write lock, leaving no trace; what the query reads of `n` after it is the latest committed state.
 * A SET that copies a property onto itself (`SET n.status = n.status`) is no lock: it reads the value before it waits
 * for the lock and writes that stale value back once it has it, undoing whatever committed in between.
 */
export const LOCK_NODE = (n: string) => `SET ${n}._lock = true REMOVE ${n}._lock`;
