import { scopeContains, type ReadScope, type Scope, type TaskStore, type Usage } from "@memograph/core";
import type { z } from "@hono/zod-openapi";
import type { modelUsage } from "./schemas.js";

/** How many of the newest succeeded tasks the usage sums: a bound on what one stats request reads. */
export const USAGE_TASKS = 1000;
const PAGE = 200;

/**
 * The model usage recorded by the scope's succeeded memorize tasks (each task keeps its result's usage), newest
 * first up to USAGE_TASKS. Synchronous memorize and retrieve record no usage anywhere, so they are not in it.
 */
export async function taskUsage(tasks: TaskStore, read: ReadScope | null, scope: Scope): Promise<z.infer<typeof modelUsage>> {
  const total = { modelCalls: 0, inputTokens: 0, outputTokens: 0 };
  const byProfile: Record<string, { calls: number; inputTokens: number; outputTokens: number }> = {};
  let counted = 0;
  let scanned = 0;
  let cursor: string | undefined;
  do {
    const page = await tasks.list(read, { status: "succeeded", limit: Math.min(PAGE, USAGE_TASKS - scanned), ...(cursor === undefined ? {} : { cursor }) });
    scanned += page.records.length;
    cursor = page.nextCursor ?? undefined;
    for (const task of page.records) {
      const usage = (task.result as { usage?: Usage } | null)?.usage;
      if (usage === undefined || !scopeContains(scope, task.scope)) continue;
      counted++;
      total.modelCalls += usage.modelCalls;
      total.inputTokens += usage.inputTokens;
      total.outputTokens += usage.outputTokens;
      for (const [profile, used] of Object.entries(usage.profiles)) {
        const sum = (byProfile[profile] ??= { calls: 0, inputTokens: 0, outputTokens: 0 });
        sum.calls += used.calls;
        sum.inputTokens += used.inputTokens;
        sum.outputTokens += used.outputTokens;
      }
    }
  } while (cursor !== undefined && scanned < USAGE_TASKS);
  return { source: "memorize tasks", tasks: counted, truncated: cursor !== undefined, ...total, byProfile };
}
