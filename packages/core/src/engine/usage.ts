import type { CallCounter } from "../models/model-session.js";
import type { StructuredMode, TokenUsage } from "../ports/index.js";

export interface ModelUsage {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  /** Answered calls that asked for JSON, by how they asked (native schema, JSON mode, prompt only). */
  modes?: Partial<Record<StructuredMode, number>>;
  /** Calls made again because the answer was not valid JSON of the expected shape. */
  repairs?: number;
}

export interface StepUsage extends ModelUsage {
  durationMs: number;
}

/** Model calls, tokens and time of one memorize or retrieve, per step and per model profile. */
export interface Usage {
  readonly modelCalls: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly durationMs: number;
  readonly steps: Readonly<Record<string, StepUsage>>;
  readonly profiles: Readonly<Record<string, ModelUsage>>;
}

export type Operation = "memorize" | "retrieve" | "reorganize";

/** Observers of the pipeline (memU's interceptors): called around every step. A hook that throws fails the operation. */
export interface PipelineHooks {
  beforeStep?(event: { readonly operation: Operation; readonly step: string }): void | Promise<void>;
  afterStep?(event: { readonly operation: Operation; readonly step: string; readonly durationMs: number; readonly output: unknown }): void | Promise<void>;
}

export class UsageTracker implements CallCounter {
  private readonly started = performance.now();
  private readonly steps: Record<string, StepUsage> = {};
  private readonly profiles: Record<string, ModelUsage> = {};
  /** The pipeline step running now; an operation's steps run one after another. */
  private current: string | undefined;

  constructor(
    private readonly operation: Operation,
    private readonly hooks: PipelineHooks,
  ) {}

  async step<T>(name: string, run: () => Promise<T> | T): Promise<T> {
    await this.hooks.beforeStep?.({ operation: this.operation, step: name });
    const started = performance.now();
    const outer = this.current;
    this.current = name;
    let output: T;
    try {
      output = await run();
    } finally {
      this.current = outer;
      this.stepUsage(name).durationMs += performance.now() - started;
    }
    await this.hooks.afterStep?.({ operation: this.operation, step: name, durationMs: performance.now() - started, output });
    return output;
  }

  /**
   * Counts one model call (each attempt, retries included, since each may be billed) under the running pipeline
   * step (else `step`) and its profile.
   */
  recordCall(step: string, profile: string, tokens: TokenUsage | null, mode?: StructuredMode): void {
    for (const usage of this.targets(step, profile)) {
      usage.calls += 1;
      usage.inputTokens += tokens?.inputTokens ?? 0;
      usage.outputTokens += tokens?.outputTokens ?? 0;
      if (mode !== undefined) (usage.modes ??= {})[mode] = (usage.modes[mode] ?? 0) + 1;
    }
  }

  /** Counts one repair: a structured answer sent back to the model with what was wrong. */
  recordRepair(step: string, profile: string): void {
    for (const usage of this.targets(step, profile)) usage.repairs = (usage.repairs ?? 0) + 1;
  }

  private targets(step: string, profile: string): ModelUsage[] {
    return [this.stepUsage(this.current ?? step), (this.profiles[profile] ??= { calls: 0, inputTokens: 0, outputTokens: 0 })];
  }

  finish(): Usage {
    const steps = Object.values(this.steps);
    const sum = (pick: (step: StepUsage) => number) => steps.reduce((total, step) => total + pick(step), 0);
    return {
      modelCalls: sum((step) => step.calls),
      inputTokens: sum((step) => step.inputTokens),
      outputTokens: sum((step) => step.outputTokens),
      durationMs: performance.now() - this.started,
      steps: this.steps,
      profiles: this.profiles,
    };
  }

  private stepUsage(name: string): StepUsage {
    return (this.steps[name] ??= { calls: 0, inputTokens: 0, outputTokens: 0, durationMs: 0 });
  }
}
