import type { BaseMessage } from "@langchain/core/messages";

/** A message in the form memograph memorizes (memU's conversation format). */
export interface ConversationTurn {
  readonly role: string;
  readonly content: string;
  readonly created_at: string;
}

const ROLES: Record<string, string> = { human: "user", ai: "assistant", system: "system", tool: "tool" };

/** The text of a message: string content, or the text parts of multi-part content. */
export function messageText(message: BaseMessage): string {
  const { content } = message;
  if (typeof content === "string") return content;
  return content.flatMap((part) => (typeof part === "object" && part !== null && "text" in part && typeof part.text === "string" ? [part.text] : [])).join("\n");
}

/** User and assistant text turns, ready to memorize; tool traffic and empty turns are left out. */
export function toConversation(messages: readonly BaseMessage[], at = new Date()): ConversationTurn[] {
  return messages.flatMap((message) => {
    const role = ROLES[message.getType()];
    const content = messageText(message).trim();
    return (role === "user" || role === "assistant") && content !== "" ? [{ role, content, created_at: at.toISOString() }] : [];
  });
}

/** The latest human message's text, or "" when there is none. */
export function latestHumanText(messages: readonly BaseMessage[]): string {
  const human = [...messages].reverse().find((message) => message.getType() === "human");
  return human === undefined ? "" : messageText(human).trim();
}
