import pRetry from "p-retry";
import { ModelError, type ModelFailureReason } from "../errors/index.js";
import type { ModelRouter } from "./model-router.js";

/** One failed attempt, classified so the retry policy and the final error say the same thing. */
class AttemptFailure extends Error {
  constructor(
    readonly reason: ModelFailureReason,
    readonly retryable: boolean,
    readonly original: unknown,
  ) {
    super(original instanceof Error ? original.message : String(original));
  }
}

/** The HTTP status an adapter's error carries, under any of the names clients give it. */
export function statusOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const record = error as { status?: unknown; statusCode?: unknown; response?: { status?: unknown } };
  for (const value of [record.status, record.statusCode, record.response?.status]) if (typeof value === "number") return value;
  return undefined;
}

function classify(error: unknown, timedOut: boolean): AttemptFailure {
  if (timedOut) return new AttemptFailure("timeout", true, error);
  const status = statusOf(error);
  if (status === 429) return new AttemptFailure("rate_limited", true, error);
  if (status !== undefined && status >= 500) return new AttemptFailure("server_error", true, error);
  if (status === 408 || status === 409) return new AttemptFailure("server_error", true, error);
  if (status !== undefined) return new AttemptFailure("rejected", false, error);
  const flag = (error as { isRetryable?: unknown } | null)?.isRetryable;
  // No HTTP status: the request did not get an answer (refused connection, reset, DNS).
  return new AttemptFailure("unreachable", flag !== false, error);
}

/**
 * Runs one model request with a per-attempt timeout, under the service's concurrency limit, retrying transient
 * failures with exponential backoff. `onAttempt` sees every attempt (each one may be billed).
 */
export async function withRetries<T>(
  router: ModelRouter,
  where: { profile: string; step: string },
  run: (signal: AbortSignal) => Promise<T>,
  onAttempt: (result: T | null) => void,
): Promise<T> {
  const { settings } = router;
  let attempts = 0;
  try {
    return await pRetry(
      () =>
        router.limit(async () => {
          attempts += 1;
          const controller = new AbortController();
          const timer = setTimeout(() => controller.abort(new Error(`timed out after ${settings.timeoutMs} ms`)), settings.timeoutMs);
          try {
            const result = await run(controller.signal);
            onAttempt(result);
            return result;
          } catch (error) {
            onAttempt(null);
            throw classify(error, controller.signal.aborted);
          } finally {
            clearTimeout(timer);
          }
        }),
      {
        retries: settings.maxRetries,
        minTimeout: settings.backoffMs,
        maxTimeout: 30_000,
        factor: 2,
        randomize: true,
        shouldRetry: ({ error }) => error instanceof AttemptFailure && error.retryable,
      },
    );
  } catch (error) {
    const failure = error instanceof AttemptFailure ? error : classify(error, false);
    throw new ModelError(`${where.step}: the "${where.profile}" model failed after ${attempts} attempt(s) (${failure.reason}): ${failure.message}`, {
      reason: failure.reason,
      profile: where.profile,
      step: where.step,
      attempts,
      cause: failure.original,
    });
  }
}
