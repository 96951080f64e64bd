import type { LocomoConversation } from "./dataset.js";
import { evidenceRecallAtK, percentile } from "./metric.js";
import type { RetrievalSystem } from "./systems.js";

export interface SystemResult {
  readonly system: string;
  readonly n: number;
  readonly recall: Record<string, number>;
  readonly perCategory: Record<string, Record<string, number>>;
  readonly latencyMs: { readonly p50: number; readonly p95: number };
  readonly memorizeMsPerConversation: number[];
}

const mean = (list: readonly number[]) => list.reduce((sum, value) => sum + value, 0) / list.length;

/** Runs every system on every question of every conversation, in order, and scores evidence recall@k. */
export async function runBenchmark(conversations: readonly LocomoConversation[], systems: readonly RetrievalSystem[], ks: readonly number[]): Promise<SystemResult[]> {
  const depth = Math.max(...ks) * 3;
  const results: SystemResult[] = [];
  for (const system of systems) {
    const recall: Record<string, number[]> = {};
    const perCategory: Record<string, Record<string, number[]>> = {};
    const latencies: number[] = [];
    const memorizeMs: number[] = [];
    for (const conversation of conversations) {
      const started = performance.now();
      await system.prepare(conversation);
      memorizeMs.push(performance.now() - started);
      for (const qa of conversation.questions) {
        const begin = performance.now();
        const ranked = await system.search(conversation, qa.question, depth);
        latencies.push(performance.now() - begin);
        for (const k of ks) {
          const score = evidenceRecallAtK(ranked, qa.evidence, k);
          (recall[k] ??= []).push(score);
          ((perCategory[qa.category] ??= {})[k] ??= []).push(score);
        }
      }
    }
    await system.close();
    results.push({
      system: system.name,
      n: latencies.length,
      recall: Object.fromEntries(ks.map((k) => [String(k), mean(recall[k]!)])),
      perCategory: Object.fromEntries(Object.entries(perCategory).map(([category, byK]) => [category, Object.fromEntries(Object.entries(byK).map(([k, list]) => [k, mean(list)]))])),
      latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95) },
      memorizeMsPerConversation: memorizeMs,
    });
  }
  return results;
}
