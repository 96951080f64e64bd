import type { Item } from "../model/index.js";
import type { ItemAccess, MemoryStore, ReadScope } from "../ports/index.js";

/** How retrieve orders items: by relevance to the query alone, or by memU's salience. */
export type Ranking = "relevance" | "salience";

export const DEFAULT_HALF_LIFE_DAYS = 30;
const DAY_MS = 86_400_000;

/**
 * memU's salience, with usage counted as reinforcement:
 * `relevance × ln(1 + reinforcementCount + accessCount) × exp(−ln 2 × ageDays / halfLifeDays)`, where the age runs
 * from the item's last sign of life (created, reinforced or retrieved, whichever is latest) to `now`.
 */
export function salience(relevance: number, item: Item, access: ItemAccess | undefined, now: Date, halfLifeDays: number): number {
  const reinforcement = item.reinforcementCount + (access?.count ?? 0);
  const lastSeen = Math.max(...[item.createdAt, item.lastReinforcedAt, access?.lastAccessedAt ?? null].flatMap((at) => (at === null ? [] : [Date.parse(at)])));
  const ageDays = Math.max(0, now.getTime() - lastSeen) / DAY_MS;
  return relevance * Math.log(1 + reinforcement) * Math.exp((-Math.LN2 * ageDays) / halfLifeDays);
}

/** Reorders fused candidates by salience and keeps the best `k`; the score becomes the salience. */
export async function rankBySalience(
  store: MemoryStore,
  read: ReadScope,
  candidates: readonly { id: string; score: number }[],
  k: number,
  options: { now: Date; halfLifeDays: number },
): Promise<{ id: string; score: number }[]> {
  const ids = candidates.map((hit) => hit.id);
  const [items, accesses] = await Promise.all([store.getItems(read, ids), store.itemAccesses(read, ids)]);
  const byId = new Map(items.map((item) => [item.id, item]));
  const accessOf = new Map(accesses.map((access) => [access.itemId, access]));
  return candidates
    .flatMap((hit) => {
      const item = byId.get(hit.id);
      return item === undefined ? [] : [{ id: hit.id, score: salience(hit.score, item, accessOf.get(hit.id), options.now, options.halfLifeDays) }];
    })
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
    .slice(0, k);
}
