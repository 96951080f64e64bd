import { z } from "zod";
import type { ExtractedMemory, Extraction, ExtractionContext, PreparedContent } from "../ports/index.js";
import type { ModelSession } from "../models/model-session.js";
import type { Prompts } from "../models/prompts.js";
import { mergeSpans, segment, unitsOf, type SourceUnit } from "./units.js";

export interface SegmentLimits {
  /** Units (messages, paragraphs, transcript lines) per extraction call. Default 60. */
  readonly maxUnits: number;
  /** Characters per extraction call. Default 16 000. */
  readonly maxChars: number;
}

export const DEFAULT_SEGMENT_LIMITS: SegmentLimits = { maxUnits: 60, maxChars: 16_000 };

const when = z.union([z.iso.datetime({ offset: true, local: true }), z.iso.date()]).nullable();

/** A category name as the store keeps it: snake_case, at most 64 characters. */
export function categorySlug(name: string): string {
  return name.trim().toLowerCase().replace(/[^a-z0-9_-]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 64) || "misc";
}

/** Units are cited by id from the enum of this segment's units; types come from the configured list. */
export function extractionSchema(units: readonly SourceUnit[], memoryTypes: readonly string[]) {
  return z.object({
    memories: z.array(
      z.object({
        type: z.enum(memoryTypes as [string, ...string[]]),
        summary: z.string().trim().min(1).max(2000),
        happenedAt: when,
        sources: z.array(z.enum(units.map((unit) => unit.id) as [string, ...string[]])).min(1),
        categories: z.array(z.string().trim().min(1).max(64)).min(1),
      }),
    ),
    newCategories: z.array(z.object({ name: z.string().trim().min(1).max(64), description: z.string().max(500) })),
  });
}

/**
 * One structured call per segment returns every memory type at once (memU spends one call per type), with resolved
 * event times and the units each memory cites. Segments run in parallel; the service's limit bounds calls in flight.
 */
export async function extractWithModel(
  session: ModelSession,
  content: PreparedContent,
  context: ExtractionContext,
  options: { prompts: Prompts; segments: SegmentLimits },
): Promise<Extraction> {
  const segments = segment(unitsOf(content), options.segments);
  const results = await Promise.all(segments.map((units) => extractSegment(session, units, context, options.prompts)));
  const newCategories = new Map(results.flatMap((result) => result.newCategories).map((category) => [category.name, category]));
  return { memories: results.flatMap((result) => result.memories), newCategories: [...newCategories.values()] };
}

async function extractSegment(session: ModelSession, units: readonly SourceUnit[], context: ExtractionContext, prompts: Prompts): Promise<Extraction & { newCategories: { name: string; description: string }[] }> {
  const user = [
    `Memory types: ${context.memoryTypes.join(", ")}`,
    "Categories:",
    ...context.categories.map((category) => `- ${category.name}: ${category.description}`),
    "",
    "Units:",
    ...units.map((unit) => `[${unit.id}] ${unit.text}`),
  ].join("\n");
  const answer = await session.object("extract", { system: prompts.extract, user, schema: extractionSchema(units, context.memoryTypes), schemaName: "memories" });
  const byId = new Map(units.map((unit) => [unit.id, unit]));
  const memories: ExtractedMemory[] = answer.memories.map((memory) => ({
    type: memory.type,
    summary: memory.summary,
    happenedAt: memory.happenedAt,
    span: mergeSpans(memory.sources.map((id) => byId.get(id)!.span)),
    categories: [...new Set(memory.categories.map(categorySlug))],
  }));
  return { memories, newCategories: answer.newCategories.map((category) => ({ name: categorySlug(category.name), description: category.description })) };
}
