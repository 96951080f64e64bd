import { statusOf } from "./attempt.js";

/**
 * Whether `error` is an endpoint saying it does not take the structured output a request asked for (a 400 naming
 * `response_format`, `json_schema`, tools or structured output as unsupported), as opposed to any other refusal.
 * An invalid schema is not one of these: strict mode reports it as not permitted, and it is a bug of ours.
 */
export function isStructuredOutputUnsupported(error: unknown): boolean {
  if (statusOf(error) !== 400) return false;
  const message = error instanceof Error ? error.message : String((error as { message?: unknown }).message ?? "");
  return /response_format|json_schema|json_object|structured output|tool_choice|\btools?\b/i.test(message) && /not supported|unsupported|not available|unknown|unrecognized|not implemented|does not support/i.test(message);
}

/**
 * The structured output modes one model tries, best first. A call runs in the current mode; when the endpoint says
 * it does not support that mode, the call is made once more in the next one, and the model stays there for every
 * later call (so a profile pays for the discovery once).
 */
export class StructuredFallback<M extends string> {
  private index = 0;

  constructor(private readonly modes: readonly [M, ...M[]]) {}

  get current(): M {
    return this.modes[this.index]!;
  }

  async run<T>(call: (mode: M) => Promise<T>): Promise<T> {
    for (;;) {
      const mode = this.current;
      try {
        return await call(mode);
      } catch (error) {
        if (!isStructuredOutputUnsupported(error) || this.index >= this.modes.length - 1) throw error;
        // Another call may have moved on already: step down from the mode that failed, never back up.
        if (this.modes[this.index] === mode) this.index += 1;
      }
    }
  }
}

/** `first` and the modes after it in `order`: what a model falls back through. */
export function fallbackChain<M extends string>(first: M, order: readonly M[]): [M, ...M[]] {
  const start = order.indexOf(first);
  return (start < 0 ? [first] : order.slice(start)) as [M, ...M[]];
}
