import type { Scope } from "../model/index.js";
import type { Page, PartitionUsage, ScopeUsage } from "../ports/index.js";
import { decodeCursor, encodeCursor } from "../util/cursor.js";

/** The value after which a partition page starts, from the previous page's cursor. */
export function partitionCursorValue(cursor: string | undefined): string | null {
  return cursor === undefined ? null : decodeCursor(cursor)[0];
}

/** The first string that is not `prefix` followed by anything: the exclusive end of a prefix range. */
export function prefixRangeEnd(prefix: string): string {
  return `${prefix}\u{10FFFF}`;
}

/**
 * A page of partitions from `values` (one more than `limit` read, in value order) and every exact scope's counts;
 * a scope counted in several rows (one per kind of node) is summed.
 */
export function partitionPage(values: readonly string[], limit: number, scopes: readonly (ScopeUsage & { readonly part: string; readonly key: string })[]): Page<PartitionUsage> {
  const shown = values.slice(0, limit);
  const byPart = new Map<string, Map<string, { scope: Scope; items: number; resources: number; categories: number }>>(shown.map((value) => [value, new Map()]));
  for (const row of scopes) {
    const byKey = byPart.get(row.part);
    if (byKey === undefined) continue;
    const usage = byKey.get(row.key) ?? { scope: row.scope, items: 0, resources: 0, categories: 0 };
    usage.items += row.items;
    usage.resources += row.resources;
    usage.categories += row.categories;
    byKey.set(row.key, usage);
  }
  const records = shown.map((value): PartitionUsage => {
    const list = [...byPart.get(value)!.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, usage]) => usage);
    return {
      value,
      items: list.reduce((sum, usage) => sum + usage.items, 0),
      resources: list.reduce((sum, usage) => sum + usage.resources, 0),
      categories: list.reduce((sum, usage) => sum + usage.categories, 0),
      scopes: list,
    };
  });
  const last = shown[shown.length - 1];
  return { records, nextCursor: values.length > limit && last !== undefined ? encodeCursor(last, "") : null };
}
