import { z } from "zod";
import { isoDateTime, scopeRecord } from "./resource.js";

export const CATEGORY_CHANGE_KINDS = ["split", "merge"] as const;

/**
 * One step of a scope's category reorganisation, kept as history: which categories it took (`from`) and left
 * (`to`), which items moved between them, why, and who decided (keyword clustering or a model). Holds ids and
 * names only, never memory text, so deleting an item leaves no copy of it here; `forget` erases the log with the scope.
 */
export const categoryChangeSchema = z.object({
  id: z.string().min(1),
  kind: z.enum(CATEGORY_CHANGE_KINDS),
  method: z.enum(["keywords", "model"]),
  /** Category names before the change (a split's category; a merge's sources and target). */
  from: z.array(z.string()),
  /** Category names after it (a split's parts and the category itself when it kept items; a merge's target). */
  to: z.array(z.string()),
  moves: z.array(z.object({ itemId: z.string(), from: z.string(), to: z.string() })),
  reason: z.string(),
  scope: scopeRecord,
  at: isoDateTime,
});
export type CategoryChange = z.infer<typeof categoryChangeSchema>;
