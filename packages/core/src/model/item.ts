import { z } from "zod";
import { isoDateTime, scopeRecord } from "./resource.js";
import { sourceSchema } from "./span.js";

export const ITEM_STATUSES = ["active", "superseded"] as const;
export const itemStatusSchema = z.enum(ITEM_STATUSES);
export type ItemStatus = z.infer<typeof itemStatusSchema>;

/** One discrete memory. */
export const itemSchema = z.object({
  id: z.string().min(1),
  /** One of the configured memory types (`profile`, `event`, `knowledge`, `behavior`, `skill`, `tool` by default). */
  type: z.string().min(1),
  /** The memory itself, one self-contained statement (memU calls it the summary). */
  summary: z.string().min(1),
  /** When the remembered thing happened, resolved to a real date where the text allows (ISO 8601). */
  happenedAt: z.string().nullable(),
  contentHash: z.string().min(1),
  reinforcementCount: z.number().int().min(1),
  lastReinforcedAt: isoDateTime.nullable(),
  status: itemStatusSchema,
  scope: scopeRecord,
  /** Provenance: every resource the item was extracted from, and the span in each. Empty for hand-made items. */
  sources: z.array(sourceSchema),
  /** Names of the categories the item belongs to. */
  categories: z.array(z.string()),
  metadata: z.record(z.string(), z.unknown()),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type Item = z.infer<typeof itemSchema>;
