import neo4j, { type ManagedTransaction } from "neo4j-driver";
import { StoreFailureError } from "@memograph/core";
import { WRITE } from "../queries/queries.js";

/** One item as the write statements take it: its node properties, sources in order, and category names. */
export interface ItemRow {
  readonly props: { readonly id: string; readonly status: string } & Readonly<Record<string, unknown>>;
  readonly sources: readonly { readonly resourceId: string; readonly span: string; readonly messageIds: readonly string[]; readonly position: number }[];
  readonly categories: readonly string[];
}

/** The scope every row of one write shares. */
export interface ItemScope {
  readonly scopeKey: string;
  readonly scopeProps: Readonly<Record<string, string>>;
}

/**
 * Upserts a batch of items inside the caller's transaction, in a fixed number of statements whatever the batch size.
 * Items not stored yet (a bulk import's whole batch) take a lean CREATE and one `itemCount` update per category;
 * stored ones take the update, which locks each item and replaces its links. An item of another scope is refused.
 */
export async function writeItems(tx: ManagedTransaction, scope: ItemScope, rows: readonly ItemRow[]): Promise<void> {
  const ids = rows.map((row) => row.props.id);
  const stored = await tx.run(WRITE.existingItems, { ids, scopeKey: scope.scopeKey });
  const foreign = stored.records.find((record) => record.get("own") !== true);
  if (foreign !== undefined) throw new StoreFailureError(`Item ${foreign.get("id")} belongs to another scope`, { field: "id" });
  const known = new Set(stored.records.map((record) => record.get("id") as string));
  // An id named twice in one batch goes through the update path, which applies its rows in order.
  const repeated = new Set(ids).size !== ids.length;
  const fresh = repeated ? [] : rows.filter((row) => !known.has(row.props.id));
  const updated = repeated ? rows : rows.filter((row) => known.has(row.props.id));
  if (updated.length > 0) {
    const result = await tx.run(WRITE.upsertItems, { ...scope, items: updated });
    incomplete(result.records.find((record) => record.get("complete") !== true)?.get("id") as string | undefined);
  }
  if (fresh.length > 0) {
    const result = await tx.run(WRITE.createItems, { ...scope, items: fresh });
    incomplete(result.records[0]?.get("id") as string | undefined);
    const counts = new Map<string, number>();
    for (const row of fresh) if (row.props.status === "active") for (const name of row.categories) counts.set(name, (counts.get(name) ?? 0) + 1);
    if (counts.size > 0) await tx.run(WRITE.countInCategories, { scopeKey: scope.scopeKey, counts: [...counts].map(([name, count]) => ({ name, count: neo4j.int(count) })) });
  }
}

function incomplete(id: string | undefined): void {
  if (id !== undefined) throw new StoreFailureError(`Item ${id} names a source resource or category this scope lacks`, { field: "upsertItems" });
}
