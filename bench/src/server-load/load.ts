/** One operation of a client: which kind, and how to run it. */
export interface Operation {
  readonly kind: "retrieve" | "memorize";
  run(): Promise<void>;
}

export interface LoadResult {
  readonly ops: number;
  readonly errors: number;
  readonly seconds: number;
  readonly latencyMs: Record<"retrieve" | "memorize", { count: number; p50: number; p99: number }>;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** `clients` concurrent loops, each running its operations one after another; latency per kind, throughput overall. */
export async function runLoad(clients: readonly (readonly Operation[])[]): Promise<LoadResult> {
  const latencies: Record<"retrieve" | "memorize", number[]> = { retrieve: [], memorize: [] };
  let errors = 0;
  const start = performance.now();
  await Promise.all(
    clients.map(async (operations) => {
      for (const operation of operations) {
        const began = performance.now();
        try {
          await operation.run();
          latencies[operation.kind].push(performance.now() - began);
        } catch (error) {
          errors++;
          if (errors <= 3) process.stderr.write(`error: ${(error as Error).message}\n`);
        }
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const summary = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return { count: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  };
  return { ops: latencies.retrieve.length + latencies.memorize.length, errors, seconds, latencyMs: { retrieve: summary(latencies.retrieve), memorize: summary(latencies.memorize) } };
}
