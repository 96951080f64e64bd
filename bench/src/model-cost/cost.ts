import type { MemorizeResult, RetrieveResult, Usage } from "@memograph/core";

export interface CostRow {
  readonly step: string;
  readonly calls: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
}

/** The steps of a usage report that made model calls, in pipeline order. */
export function costRows(usage: Usage): CostRow[] {
  return Object.entries(usage.steps)
    .filter(([, step]) => step.calls > 0)
    .map(([step, { calls, inputTokens, outputTokens }]) => ({ step, calls, inputTokens, outputTokens }));
}

/** Sums several usage reports step by step (one per retrieve, say). */
export function sumRows(reports: readonly Usage[]): CostRow[] {
  const total = new Map<string, CostRow>();
  for (const row of reports.flatMap(costRows)) {
    const seen = total.get(row.step);
    total.set(row.step, seen === undefined ? row : { step: row.step, calls: seen.calls + row.calls, inputTokens: seen.inputTokens + row.inputTokens, outputTokens: seen.outputTokens + row.outputTokens });
  }
  return [...total.values()];
}

/**
 * memU's memorize call pattern for the same input (memorize.py: `_generate_entries_from_text` sends one prompt per
 * memory type for each segment, `_update_category_summaries` one per touched category, and conversation
 * preprocessing one segmentation call), given the segments, memory types and categories of our run.
 */
export function memuMemorizeCalls(input: { segments: number; memoryTypes: number; categories: number }): { preprocess: number; extract: number; summarize: number; total: number } {
  const preprocess = 1;
  const extract = input.segments * input.memoryTypes;
  return { preprocess, extract, summarize: input.categories, total: preprocess + extract + input.categories };
}

/**
 * memU's llm retrieve per query (retrieve.py): a route-intention call (retrieval needed? rewritten query), then per
 * tier searched a ranking call, and a sufficiency call after the category and item tiers.
 */
export function memuRetrieveCalls(tiersSearched: number): number {
  return 1 + tiersSearched + Math.min(tiersSearched, 2);
}

export function markdownTable(rows: readonly CostRow[]): string {
  const lines = ["| step | calls | input tokens | output tokens |", "|---|---:|---:|---:|", ...rows.map((row) => `| ${row.step} | ${row.calls} | ${row.inputTokens} | ${row.outputTokens} |`)];
  const sum = (pick: (row: CostRow) => number) => rows.reduce((total, row) => total + pick(row), 0);
  lines.push(`| **total** | **${sum((row) => row.calls)}** | **${sum((row) => row.inputTokens)}** | **${sum((row) => row.outputTokens)}** |`);
  return lines.join("\n");
}

export type { MemorizeResult, RetrieveResult };
