import { BaseListChatMessageHistory } from "@langchain/core/chat_history";
import type { BaseMessage } from "@langchain/core/messages";
import type { MemoryService, Scope } from "@memograph/core";
import { toConversation } from "./messages.js";

export interface MemographChatMessageHistoryInput {
  readonly memory: MemoryService;
  /** Whose long-term memory the session feeds; add `sessionId` to keep sessions apart inside it. */
  readonly scope: Scope;
  /** Memorize once this many messages are pending. Default 10; 0 turns the trigger off. */
  readonly memorizeEvery?: number;
  /** Memorize pending messages after this many milliseconds without a new one. Default off. */
  readonly idleMs?: number;
  /** Receives failures of memorize runs started by a trigger (never lost: without it they are thrown on the next call). */
  readonly onError?: (error: unknown) => void;
}

/**
 * A chat message history for `RunnableWithMessageHistory`: it keeps the session's messages and memorizes them into
 * memograph (every N messages, when idle, or on `flush()`), so what was said in one session is remembered in others.
 */
export class MemographChatMessageHistory extends BaseListChatMessageHistory {
  lc_namespace = ["memograph", "chat_history"];

  private readonly messages: BaseMessage[] = [];
  private memorizedUpTo = 0;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> = Promise.resolve();
  private pendingError: unknown;

  constructor(private readonly input: MemographChatMessageHistoryInput) {
    super();
  }

  async getMessages(): Promise<BaseMessage[]> {
    this.throwPending();
    return [...this.messages];
  }

  async addMessage(message: BaseMessage): Promise<void> {
    this.throwPending();
    this.messages.push(message);
    const every = this.input.memorizeEvery ?? 10;
    if (every > 0 && this.messages.length - this.memorizedUpTo >= every) this.trigger();
    else if (this.input.idleMs !== undefined) {
      clearTimeout(this.idleTimer);
      this.idleTimer = setTimeout(() => this.trigger(), this.input.idleMs);
    }
  }

  /** Memorizes every pending message now and waits until it is stored. */
  async flush(): Promise<void> {
    clearTimeout(this.idleTimer);
    await this.memorizePending();
    this.throwPending();
  }

  /** Forgets the session's short-term messages; what was memorized stays in long-term memory. */
  override async clear(): Promise<void> {
    await this.running;
    clearTimeout(this.idleTimer);
    this.messages.length = 0;
    this.memorizedUpTo = 0;
  }

  private trigger(): void {
    void this.memorizePending().catch((error: unknown) => {
      if (this.input.onError) this.input.onError(error);
      else this.pendingError = error;
    });
  }

  private memorizePending(): Promise<void> {
    // One memorize at a time, in order: each takes the messages pending when it starts.
    this.running = this.running.then(async () => {
      const end = this.messages.length;
      const turns = toConversation(this.messages.slice(this.memorizedUpTo, end));
      if (turns.length > 0) await this.input.memory.memorize({ content: turns, scope: this.input.scope });
      this.memorizedUpTo = end;
    });
    return this.running;
  }

  private throwPending(): void {
    if (this.pendingError === undefined) return;
    const error = this.pendingError;
    this.pendingError = undefined;
    throw error;
  }
}
