import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { MemographError, ValidationError, type MemoryService, type TaskError, type TaskRecord, type TaskStore } from "@memograph/core";
import { z } from "zod";
import { runMemorize } from "./run-memorize.js";

/** Why a task ended FAILED without its own error: every attempt's runner died or lost its lease. */
export const ATTEMPTS_EXHAUSTED = "TASK_ATTEMPTS_EXHAUSTED";
/** A task failed on an error memograph did not type (a bug); the message is kept. */
export const INTERNAL_ERROR = "INTERNAL";

const optionsSchema = z
  .object({
    /** Tasks run at once by this runner. Default 2. */
    concurrency: z.number().int().min(1).max(256).default(2),
    /** How long a claim holds a task without renewal. Default 60 s. */
    leaseMs: z.number().int().min(100).default(60_000),
    /** How often a running task's lease is renewed. Default a third of the lease. */
    renewEveryMs: z.number().int().min(10).optional(),
    /** How long an idle runner waits before looking for tasks again (`wake()` cuts it short). Default 1 s. */
    pollMs: z.number().int().min(10).default(1000),
    /** Attempts a task gets; a task claimed again after that ends FAILED. Default 3. */
    maxAttempts: z.number().int().min(1).max(100).default(3),
    /** This runner's name on its leases. Default: host, process id and a random suffix. */
    owner: z.string().min(1).max(200).optional(),
    /**
     * How long a succeeded or failed task is kept (its input is a user's conversation, its result their memories), or
     * `false` to keep every task. Default 30 days.
     */
    keepFinishedMs: z.union([z.literal(false), z.number().int().min(1)]).default(30 * 24 * 3_600_000),
    /** How often the runner deletes finished tasks past `keepFinishedMs`. Default hourly, and once at start. */
    purgeEveryMs: z.number().int().min(10).default(3_600_000),
  })
  .strict();

export type TaskRunnerSettings = z.input<typeof optionsSchema>;

export interface TaskRunnerOptions extends TaskRunnerSettings {
  readonly tasks: TaskStore;
  readonly memory: MemoryService;
  /** Told about store failures while polling or recording (the runner keeps going). Default: ignored. */
  readonly onError?: (error: unknown) => void;
}

interface InFlight {
  readonly task: TaskRecord;
  done: Promise<void>;
  /** Set when the task is given back on stop, or when its lease was lost: the run's outcome is not recorded. */
  abandoned: boolean;
}

/** The store's form of an error: its stable code and field when memograph typed it. */
function taskErrorOf(error: unknown): TaskError {
  if (MemographError.isInstance(error)) return { code: error.code, message: error.message, ...(error.field === undefined ? {} : { field: error.field }) };
  return { code: INTERNAL_ERROR, message: error instanceof Error ? error.message : String(error) };
}

/** Caller errors end a task at once; a failing store or model gets the task's remaining attempts. */
function isFinal(error: unknown): boolean {
  return MemographError.isInstance(error) && error.isInputError;
}

/**
 * Runs stored memorize tasks with bounded concurrency. It claims a task with a lease, renews the lease while the task
 * runs, and records the result or the typed error. A task whose runner died is claimed again when its lease runs out
 * (one more attempt); past `maxAttempts` it ends FAILED with a reason, so no task stays pending or running forever.
 * Any number of runners, in any number of processes, can share one TaskStore.
 */
export class TaskRunner {
  readonly owner: string;
  private readonly settings: z.output<typeof optionsSchema> & { renewEveryMs: number };
  private readonly store: TaskStore;
  private readonly memory: MemoryService;
  private readonly onError: (error: unknown) => void;
  private readonly inFlight = new Map<string, InFlight>();
  private loop: Promise<void> | null = null;
  private stopping = false;
  private nudge: (() => void) | null = null;
  private purgedAt = Number.NEGATIVE_INFINITY;

  constructor(options: TaskRunnerOptions) {
    const { tasks, memory, onError, ...settings } = options;
    const result = optionsSchema.safeParse(settings);
    if (!result.success) throw ValidationError.fromZod("task runner options", result.error);
    const parsed = result.data;
    this.settings = { ...parsed, renewEveryMs: parsed.renewEveryMs ?? Math.max(10, Math.floor(parsed.leaseMs / 3)) };
    this.owner = parsed.owner ?? `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
    this.store = tasks;
    this.memory = memory;
    this.onError = onError ?? (() => undefined);
  }

  /** Tasks this runner is running now. */
  get running(): number {
    return this.inFlight.size;
  }

  /** Starts polling; calling it again does nothing. */
  start(): void {
    if (this.loop !== null) return;
    this.stopping = false;
    this.loop = this.poll();
  }

  /** Looks for tasks now instead of at the next poll (call after enqueueing). */
  wake(): void {
    this.nudge?.();
  }

  /**
   * Stops claiming and lets running tasks finish for up to `graceMs` (default: the lease); tasks still running then
   * are given back to the queue, to be run again by another runner. Resolves when this runner holds no task.
   */
  async stop(options: { graceMs?: number } = {}): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.loop;
    this.loop = null;
    const graceMs = options.graceMs ?? this.settings.leaseMs;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([Promise.all([...this.inFlight.values()].map((flight) => flight.done)), timeout]);
    clearTimeout(timer);
    for (const flight of this.inFlight.values()) {
      flight.abandoned = true;
      await this.record(() => this.store.release(flight.task.id, this.owner));
    }
    this.inFlight.clear();
  }

  private async poll(): Promise<void> {
    while (!this.stopping) {
      await this.purge();
      let claimed: TaskRecord | null = null;
      if (this.inFlight.size < this.settings.concurrency) {
        try {
          claimed = await this.store.claim(this.owner, this.settings.leaseMs);
        } catch (error) {
          this.onError(error);
        }
      }
      if (claimed !== null && !this.stopping) {
        this.begin(claimed);
        continue;
      }
      if (claimed !== null) await this.record(() => this.store.release(claimed.id, this.owner));
      // Idle or full: wait for the poll interval, a finished task or a wake-up.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, this.settings.pollMs);
        function done(): void {
          clearTimeout(timer);
          resolve();
        }
        this.nudge = done;
      });
      this.nudge = null;
    }
  }

  /** Deletes the finished tasks past their keep, at most every `purgeEveryMs`; any runner of a store may do it. */
  private async purge(): Promise<void> {
    const { keepFinishedMs, purgeEveryMs } = this.settings;
    const now = Date.now();
    if (keepFinishedMs === false || now - this.purgedAt < purgeEveryMs) return;
    this.purgedAt = now;
    try {
      await this.store.purgeFinished(new Date(now - keepFinishedMs));
    } catch (error) {
      this.onError(error);
    }
  }

  private begin(task: TaskRecord): void {
    const flight: InFlight = { task, abandoned: false, done: Promise.resolve() };
    this.inFlight.set(task.id, flight);
    flight.done = this.execute(flight).finally(() => {
      this.inFlight.delete(task.id);
      this.wake();
    });
  }

  private async execute(flight: InFlight): Promise<void> {
    const { task } = flight;
    const { maxAttempts } = this.settings;
    if (task.attempts > maxAttempts) {
      const message = `Gave up after ${maxAttempts} attempt${maxAttempts === 1 ? "" : "s"}: each time the runner stopped (crashed or lost its lease) before the task finished`;
      await this.record(() => this.store.fail(task.id, this.owner, { code: ATTEMPTS_EXHAUSTED, message }));
      return;
    }
    const renewal = setInterval(() => void this.renew(flight), this.settings.renewEveryMs);
    try {
      const result = await runMemorize(this.memory, task);
      if (!flight.abandoned) await this.record(() => this.store.complete(task.id, this.owner, result));
    } catch (error) {
      if (flight.abandoned) return;
      // A failing store or model: the lease is left to run out, and the task is claimed again with one more attempt.
      if (isFinal(error) || task.attempts >= maxAttempts) await this.record(() => this.store.fail(task.id, this.owner, taskErrorOf(error)));
    } finally {
      clearInterval(renewal);
    }
  }

  private async renew(flight: InFlight): Promise<void> {
    if (flight.abandoned) return;
    try {
      // Another runner took the task (this one stalled past its lease): its outcome here is no longer recorded.
      if (!(await this.store.renew(flight.task.id, this.owner, this.settings.leaseMs))) flight.abandoned = true;
    } catch (error) {
      this.onError(error);
    }
  }

  private async record(write: () => Promise<boolean>): Promise<void> {
    try {
      await write();
    } catch (error) {
      this.onError(error);
    }
  }
}
