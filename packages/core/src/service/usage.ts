export interface StepUsage {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  durationMs: number;
}

/** Model calls, tokens and time of one memorize or retrieve, per step. */
export interface Usage {
  readonly modelCalls: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly durationMs: number;
  readonly steps: Readonly<Record<string, StepUsage>>;
}

export class UsageTracker {
  private readonly started = performance.now();
  private readonly steps: Record<string, StepUsage> = {};

  async step<T>(name: string, run: () => Promise<T> | T): Promise<T> {
    const started = performance.now();
    try {
      return await run();
    } finally {
      const step = (this.steps[name] ??= { calls: 0, inputTokens: 0, outputTokens: 0, durationMs: 0 });
      step.durationMs += performance.now() - started;
    }
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
    };
  }
}
