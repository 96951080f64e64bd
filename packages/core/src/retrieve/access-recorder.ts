import type { Item, Scope } from "../model/index.js";
import type { AccessBatchEntry, MemoryStore } from "../ports/index.js";

export interface AccessRecording {
  /** Flush at least this often while accesses are pending (ms). */
  readonly flushIntervalMs: number;
  /** Flush as soon as this many distinct items are pending. */
  readonly maxPending: number;
}

export const DEFAULT_ACCESS_RECORDING: AccessRecording = { flushIntervalMs: 1000, maxPending: 500 };

/**
 * Counts the items retrieve returns, off the hot path: a retrieve only adds to an in-process buffer; the buffer goes
 * to the store in one write per flush (on a timer, when it is full, and on close). A flush that fails keeps its
 * accesses for the next one, so a store hiccup loses no usage and never fails a retrieve.
 */
export class AccessRecorder {
  private pending = new Map<string, { scope: Scope; count: number; at: string }>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: MemoryStore,
    private readonly settings: AccessRecording = DEFAULT_ACCESS_RECORDING,
  ) {}

  record(items: readonly Item[], at: string): void {
    for (const item of items) {
      const entry = this.pending.get(item.id);
      if (entry === undefined) this.pending.set(item.id, { scope: item.scope as Scope, count: 1, at });
      else this.pending.set(item.id, { ...entry, count: entry.count + 1, at: at > entry.at ? at : entry.at });
    }
    if (this.pending.size >= this.settings.maxPending) void this.flush().catch(() => undefined);
    else if (this.pending.size > 0 && this.timer === null) {
      this.timer = setTimeout(() => void this.flush().catch(() => undefined), this.settings.flushIntervalMs);
      // A pending flush must not keep a finished process alive; close() flushes what is left.
      this.timer.unref();
    }
  }

  /** Writes what is pending (one store write), after any flush already under way. */
  flush(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const run = this.flushing.then(() => this.writePending());
    this.flushing = run.catch(() => undefined);
    return run;
  }

  private async writePending(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const accesses: AccessBatchEntry[] = [...batch].map(([itemId, entry]) => ({ itemId, ...entry }));
    try {
      await this.store.recordAccesses(accesses);
    } catch (error) {
      for (const [itemId, entry] of batch) {
        const later = this.pending.get(itemId);
        this.pending.set(itemId, later === undefined ? entry : { ...later, count: later.count + entry.count });
      }
      throw error;
    }
  }
}
