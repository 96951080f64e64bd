import { sha256 } from "../util/hash.js";
import { scopeKey, type Scope } from "./scope.js";

/**
 * The stored id of an item whose id the caller chose: the id, then `_` and 24 hex digits (96 bits) of the scope's
 * hash. Stored ids are global, so without the suffix a caller could learn whether another scope holds an id (the
 * create would fail) or take an id another scope will want (a LangGraph key's id is predictable). With it, every id a
 * caller can choose ends in its own scope's hash: another scope's ids are neither visible nor reachable. Generated
 * ids (`itm_` and 32 hex digits, no second `_`) never take this form.
 */
export function scopedItemId(scope: Scope, id: string): string {
  return `${id}_${sha256(scopeKey(scope)).slice(0, 24)}`;
}
