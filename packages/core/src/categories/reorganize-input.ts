import { z } from "zod";

const scopeInput = z.record(z.string(), z.unknown());

export const reorganizeInputSchema = z
  .object({
    scope: scopeInput,
    /** `keywords`: offline clustering, no model. `model`: one call proposes the structure. Default: `model` when a chat model serves the `reorganize` step, else `keywords`. */
    method: z.enum(["keywords", "model"]).optional(),
    /** A category with more active items than this is split. */
    splitAbove: z.number().int().min(4).max(100_000).default(50),
    /** A category with at most this many active items is merged into the most similar one. */
    mergeAtMost: z.number().int().min(0).max(1000).default(1),
    /** Categories sharing at least this share of their items (Jaccard) are merged. */
    overlap: z.number().gt(0).max(1).default(0.5),
    /** Categories whose keyword profiles have at least this cosine similarity are merged (keyword method). */
    similarity: z.number().gt(0).max(1).default(0.8),
    /** The most parts one split makes. */
    maxParts: z.number().int().min(2).max(10).default(4),
    /** Plan and report, write nothing. */
    dryRun: z.boolean().default(false),
  })
  .strict();
export type ReorganizeInput = z.input<typeof reorganizeInputSchema>;

export const categoryChangesInputSchema = z
  .object({ scope: scopeInput, limit: z.number().int().min(1).max(500).default(50), cursor: z.string().min(1).optional() })
  .strict();
export type CategoryChangesInput = z.input<typeof categoryChangesInputSchema>;
