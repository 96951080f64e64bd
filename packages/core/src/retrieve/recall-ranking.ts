import type { Ranking } from "./salience.js";

/** How an adapter's recalls are ordered; passed through to `retrieve` as given. */
export interface RecallRanking {
  /**
   * `relevance` (default): by the query alone. `salience`: relevance × ln(1 + reinforcement + accesses) × recency
   * decay, so often-used and recent memories rise (rag retrieval only).
   */
  readonly ranking?: Ranking;
  /** The recency decay's half-life for salience, in days. Default 30. */
  readonly halfLifeDays?: number;
}

/** The retrieve fields of a ranking choice, leaving out what is unset (retrieve applies its defaults). */
export function rankingFields(options: RecallRanking): RecallRanking {
  return {
    ...(options.ranking === undefined ? {} : { ranking: options.ranking }),
    ...(options.halfLifeDays === undefined ? {} : { halfLifeDays: options.halfLifeDays }),
  };
}
