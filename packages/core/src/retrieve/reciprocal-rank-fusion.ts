/** The usual constant from Cormack et al. (2009): dampens the head so no single list dominates. */
export const RRF_K = 60;

export interface RankedList {
  readonly ids: readonly string[];
  /**
   * The ids' scores, best first. Ids of equal score share the better rank, so the fusion does not depend on the order
   * a list gave its ties (a store breaks them by id, and ids are random).
   */
  readonly scores?: readonly number[];
  /** Multiplies the list's contribution; 1 is plain RRF, 0 leaves the list out. */
  readonly weight?: number;
}

/**
 * Fuses ranked id lists: score(id) = Σ weight / (k + rank), rank 1-based. Highest first; equal scores go to the better
 * rank in the first list, then the next, then by id.
 */
export function reciprocalRankFusion(lists: readonly RankedList[], k = RRF_K): { id: string; score: number }[] {
  const counted = lists.filter(({ weight = 1 }) => weight !== 0);
  const fused = new Map<string, { score: number; ranks: number[] }>();
  counted.forEach(({ ids, scores, weight = 1 }, list) => {
    let rank = 0;
    ids.forEach((id, index) => {
      if (scores === undefined || index === 0 || scores[index] !== scores[index - 1]) rank = index + 1;
      let entry = fused.get(id);
      if (entry === undefined) fused.set(id, (entry = { score: 0, ranks: counted.map(() => Number.POSITIVE_INFINITY) }));
      entry.score += weight / (k + rank);
      entry.ranks[list] = Math.min(entry.ranks[list]!, rank);
    });
  });
  return [...fused]
    .sort(([aId, a], [bId, b]) => b.score - a.score || byRanks(a.ranks, b.ranks) || aId.localeCompare(bId))
    .map(([id, { score }]) => ({ id, score }));
}

function byRanks(a: readonly number[], b: readonly number[]): number {
  for (let list = 0; list < a.length; list++) if (a[list] !== b[list]) return a[list]! < b[list]! ? -1 : 1;
  return 0;
}
