/**
 * Walks ranked results (each with the turns it came from) and collects distinct turns until the budget of `k`
 * turns is spent. Every system pays the same budget, whatever the size of its results.
 */
export function turnsWithinBudget(ranked: readonly (readonly string[])[], k: number): string[] {
  const turns: string[] = [];
  for (const sources of ranked) {
    for (const turn of sources) {
      if (turns.length >= k) return turns;
      if (!turns.includes(turn)) turns.push(turn);
    }
  }
  return turns;
}

/** Evidence recall@k: the share of the question's evidence turns among the first k distinct turns retrieved. */
export function evidenceRecallAtK(ranked: readonly (readonly string[])[], evidence: readonly string[], k: number): number {
  if (evidence.length === 0) throw new Error("a scored question needs evidence");
  const turns = new Set(turnsWithinBudget(ranked, k));
  return evidence.filter((turn) => turns.has(turn)).length / evidence.length;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
