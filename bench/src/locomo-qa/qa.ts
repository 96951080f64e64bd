import { generateText, type LanguageModel } from "ai";
import { renderMemories, type MemoryService } from "@memograph/core";
import type { LocomoConversation } from "../locomo/dataset.js";

export interface QaOptions {
  readonly answerModel: LanguageModel;
  readonly judgeModel: LanguageModel;
  readonly topK: number;
  /** Scope of a conversation's memories. */
  readonly scopeOf: (conversation: LocomoConversation) => { userId: string };
}

export interface QaAnswer {
  readonly category: number;
  readonly correct: boolean;
}

export interface QaResult {
  readonly n: number;
  /** LLM-judge accuracy: the share of answers judged CORRECT. */
  readonly j: number;
  readonly perCategory: Record<string, { n: number; j: number }>;
  readonly tokens: { readonly answer: { input: number; output: number }; readonly judge: { input: number; output: number } };
  readonly ms: { readonly retrieve: number; readonly answer: number; readonly judge: number };
}

const ANSWER_SYSTEM =
  "You answer questions about a long conversation between two people, using only the memories given. " +
  "Dates in parentheses are when things happened. Answer in a few words; if the memories do not say, answer \"unknown\".";

const JUDGE_SYSTEM =
  "You grade an answer to a question against the gold answer. Label it CORRECT if it gives the same information " +
  "(wording, order and extra detail do not matter; a date in another format is fine), otherwise WRONG. " +
  'Reply with JSON only: {"label": "CORRECT"} or {"label": "WRONG"}.';

/** The gold answer LoCoMo gives (numbers and lists included), as text. */
export function goldText(answer: unknown): string {
  return Array.isArray(answer) ? answer.join(", ") : String(answer);
}

/** Reads the judge's label; anything but a clear CORRECT counts as WRONG. */
export function parseLabel(text: string): boolean {
  const match = /"label"\s*:\s*"(CORRECT|WRONG)"/i.exec(text) ?? /\b(CORRECT|WRONG)\b/i.exec(text);
  return match?.[1]?.toUpperCase() === "CORRECT";
}

/** The answer-and-judge protocol used for LoCoMo J scores (category 5 excluded), on memograph's retrieval. */
export async function runQa(memory: MemoryService, conversations: readonly LocomoConversation[], options: QaOptions): Promise<QaResult> {
  const answers: QaAnswer[] = [];
  const tokens = { answer: { input: 0, output: 0 }, judge: { input: 0, output: 0 } };
  const ms = { retrieve: 0, answer: 0, judge: 0 };
  for (const conversation of conversations) {
    for (const qa of conversation.questions) {
      let started = performance.now();
      const { items } = await memory.retrieve({ query: qa.question, scope: options.scopeOf(conversation), topK: options.topK });
      ms.retrieve += performance.now() - started;
      const context = renderMemories(items) || "(no memories)";

      started = performance.now();
      const answer = await generateText({ model: options.answerModel, system: ANSWER_SYSTEM, prompt: `Memories:\n${context}\n\nQuestion: ${qa.question}\nAnswer:`, temperature: 0 });
      ms.answer += performance.now() - started;
      tokens.answer.input += answer.usage.inputTokens ?? 0;
      tokens.answer.output += answer.usage.outputTokens ?? 0;

      started = performance.now();
      const judged = await generateText({
        model: options.judgeModel,
        system: JUDGE_SYSTEM,
        prompt: `Question: ${qa.question}\nGold answer: ${goldText(qa.answer)}\nGenerated answer: ${answer.text.trim()}`,
        temperature: 0,
      });
      ms.judge += performance.now() - started;
      tokens.judge.input += judged.usage.inputTokens ?? 0;
      tokens.judge.output += judged.usage.outputTokens ?? 0;
      answers.push({ category: qa.category, correct: parseLabel(judged.text) });
    }
  }
  const share = (list: readonly QaAnswer[]) => (list.length === 0 ? Number.NaN : list.filter((answer) => answer.correct).length / list.length);
  const categories = [...new Set(answers.map((answer) => answer.category))].sort();
  return {
    n: answers.length,
    j: share(answers),
    perCategory: Object.fromEntries(categories.map((category) => { const list = answers.filter((answer) => answer.category === category); return [String(category), { n: list.length, j: share(list) }]; })),
    tokens,
    ms,
  };
}
