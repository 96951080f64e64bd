import type { Source } from "./span.js";

export const ITEM_STATUSES = ["active", "superseded"] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** One discrete memory. */
export interface Item {
  readonly id: string;
  readonly type: string;
  /** The memory itself, one self-contained statement (memU calls it the summary). */
  readonly summary: string;
  /** When the remembered thing happened, resolved to a real date where the text allows (ISO 8601). */
  readonly happenedAt: string | null;
  readonly contentHash: string;
  readonly reinforcementCount: number;
  readonly lastReinforcedAt: string | null;
  readonly status: ItemStatus;
  readonly scope: Readonly<Record<string, string>>;
  /** Provenance: every resource the item was extracted from, and the span in each. Empty for hand-made items. */
  readonly sources: readonly Source[];
  /** Names of the categories the item belongs to. */
  readonly categories: readonly string[];
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
  readonly updatedAt: string;
}
