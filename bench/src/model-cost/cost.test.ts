import { describe, expect, it } from "vitest";
import type { Usage } from "@memograph/core";
import { costRows, markdownTable, memuMemorizeCalls, memuRetrieveCalls, sumRows } from "./cost.js";

const usage = (steps: Usage["steps"]): Usage => ({ modelCalls: 0, inputTokens: 0, outputTokens: 0, durationMs: 0, steps, profiles: {} });

describe("model cost arithmetic", () => {
  it("memU's memorize pattern: one segmentation call, one call per type per segment, one per category", () => {
    expect(memuMemorizeCalls({ segments: 19, memoryTypes: 6, categories: 6 })).toEqual({ preprocess: 1, extract: 114, summarize: 6, total: 121 });
    expect(memuMemorizeCalls({ segments: 1, memoryTypes: 2, categories: 0 }).total).toBe(3);
  });

  it("memU's llm retrieve: route call, a rank call per tier, sufficiency after categories and items", () => {
    expect(memuRetrieveCalls(1)).toBe(3);
    expect(memuRetrieveCalls(2)).toBe(5);
    expect(memuRetrieveCalls(3)).toBe(6);
  });

  it("keeps the steps that called a model, sums reports step by step, and totals the table", () => {
    const one = usage({ load: { calls: 0, inputTokens: 0, outputTokens: 0, durationMs: 3 }, items: { calls: 1, inputTokens: 100, outputTokens: 10, durationMs: 5 } });
    const two = usage({ categories: { calls: 1, inputTokens: 50, outputTokens: 5, durationMs: 1 }, items: { calls: 2, inputTokens: 30, outputTokens: 3, durationMs: 5 } });
    expect(costRows(one)).toEqual([{ step: "items", calls: 1, inputTokens: 100, outputTokens: 10 }]);
    const rows = sumRows([one, two]);
    expect(rows).toEqual([
      { step: "items", calls: 3, inputTokens: 130, outputTokens: 13 },
      { step: "categories", calls: 1, inputTokens: 50, outputTokens: 5 },
    ]);
    expect(markdownTable(rows).split("\n").at(-1)).toBe("| **total** | **4** | **180** | **18** |");
  });
});
