import { z } from "zod";
import { isoDateTime, scopeRecord } from "./resource.js";

/** A topic of one scope, with a markdown summary citing the items it is built from. */
export const categorySchema = z.object({
  id: z.string().min(1),
  /** Unique within a scope. */
  name: z.string().min(1),
  description: z.string(),
  summary: z.string(),
  /** Ids of the items the summary cites. */
  citedItemIds: z.array(z.string()),
  itemCount: z.number().int().min(0),
  scope: scopeRecord,
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type Category = z.infer<typeof categorySchema>;
