/** The usual constant from Cormack et al. (2009): dampens the head so no single list dominates. */
export const RRF_K = 60;

export interface RankedList {
  readonly ids: readonly string[];
  /** Multiplies the list's contribution; 1 is plain RRF, 0 leaves the list out. */
  readonly weight?: number;
}

/** Fuses ranked id lists: score(id) = Σ weight / (k + rank), rank 1-based. Highest first, ties by id. */
export function reciprocalRankFusion(lists: readonly RankedList[], k = RRF_K): { id: string; score: number }[] {
  const scores = new Map<string, number>();
  for (const { ids, weight = 1 } of lists) {
    if (weight === 0) continue;
    ids.forEach((id, index) => scores.set(id, (scores.get(id) ?? 0) + weight / (k + index + 1)));
  }
  return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}
