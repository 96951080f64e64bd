import type Database from "better-sqlite3";
import type { Page, PartitionPageRequest, PartitionUsage } from "../../ports/index.js";
import { partitionCursorValue, partitionPage, prefixRangeEnd } from "../partition-usage.js";

/**
 * The partitions holding records, read from the scope registry (schema.ts), which its triggers keep with each
 * scope's counts: the distinct values come from the `part` index, the counts from a few registry rows.
 */
export function listPartitions(db: Database.Database, page: PartitionPageRequest): Page<PartitionUsage> {
  const after = partitionCursorValue(page.cursor);
  const params: unknown[] = [];
  let sql = "SELECT DISTINCT part FROM scopes WHERE 1 = 1";
  if (after !== null) {
    sql += " AND part > ?";
    params.push(after);
  }
  if (page.prefix !== undefined) {
    sql += " AND part >= ? AND part < ?";
    params.push(page.prefix, prefixRangeEnd(page.prefix));
  }
  sql += " ORDER BY part LIMIT ?";
  params.push(page.limit + 1);
  const values = db.prepare<unknown[], { part: string }>(sql).all(...params).map((row) => row.part);
  const rows = db
    .prepare<[string], { part: string; scope_key: string; scope: string; items: number; resources: number; categories: number }>(
      "SELECT part, scope_key, scope, items, resources, categories FROM scopes WHERE part IN (SELECT value FROM json_each(?))",
    )
    .all(JSON.stringify(values.slice(0, page.limit)));
  return partitionPage(
    values,
    page.limit,
    rows.map((row) => ({ part: row.part, key: row.scope_key, scope: JSON.parse(row.scope), items: row.items, resources: row.resources, categories: row.categories })),
  );
}
