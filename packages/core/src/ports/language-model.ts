import type { z } from "zod";

export interface ChatMessage {
  readonly role: "system" | "user" | "assistant";
  readonly content: string;
}

export interface TokenUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
}

/** Structured generation: messages and a zod schema in, a validated object out. */
export interface LanguageModel {
  readonly id: string;
  generateObject<T>(request: {
    readonly messages: readonly ChatMessage[];
    readonly schema: z.ZodType<T>;
    readonly schemaName: string;
    readonly signal?: AbortSignal;
  }): Promise<{ readonly object: T; readonly usage: TokenUsage }>;
}
