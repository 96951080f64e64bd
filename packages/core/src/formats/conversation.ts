import * as chrono from "chrono-node";
import { z } from "zod";
import { ResourceUnreadableError } from "../errors/index.js";

export interface ConversationMessage {
  /** Stable within the resource: the source's own id (LoCoMo `dia_id`) or `m<N>`, 1-based. */
  readonly id: string;
  readonly speaker: string;
  readonly text: string;
  /** When the message was sent (ISO 8601), the reference for resolving "yesterday" and the like. */
  readonly at: string | null;
  /** Caption of an image shared with the message. */
  readonly imageCaption?: string;
}

export type ConversationFormat = "locomo" | "memu" | "openai" | "transcript";

export interface Conversation {
  readonly format: ConversationFormat;
  readonly participants: readonly string[];
  readonly messages: readonly ConversationMessage[];
}

const ROLE_NAMES: Record<string, string> = { user: "User", assistant: "Assistant", system: "System", tool: "Tool" };

const textPart = z.object({ type: z.string(), text: z.string().optional() }).passthrough();
const roleMessage = z
  .object({
    role: z.string().min(1),
    content: z.union([z.string(), z.array(textPart), z.object({ text: z.string() }).passthrough(), z.null()]),
    name: z.string().optional(),
    id: z.union([z.string(), z.number()]).optional(),
    created_at: z.union([z.string(), z.number()]).optional(),
  })
  .passthrough();

const locomoTurn = z
  .object({ speaker: z.string().min(1), dia_id: z.string().min(1), text: z.string(), blip_caption: z.string().optional() })
  .passthrough();

/** Parses a conversation in any supported layout; throws ResourceUnreadableError when none fits. */
export function parseConversation(raw: string, uri: string): Conversation {
  const trimmed = raw.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch (cause) {
      throw new ResourceUnreadableError(`${uri} is not valid JSON: ${(cause as Error).message}`, { cause });
    }
    return parseConversationJson(json, uri);
  }
  return parseTranscript(trimmed, uri);
}

export function parseConversationJson(json: unknown, uri: string): Conversation {
  if (isLocomo(json)) return parseLocomo(json, uri);
  const list = Array.isArray(json) ? json : (json as { messages?: unknown } | null)?.messages;
  if (Array.isArray(list)) return parseRoleMessages(list, uri);
  throw new ResourceUnreadableError(
    `${uri} is not a conversation: expected a LoCoMo object, a list of {role, content} messages, or {messages: [...]}`,
  );
}

function isLocomo(json: unknown): json is Record<string, unknown> {
  return typeof json === "object" && json !== null && "speaker_a" in json && "session_1" in json;
}

function parseLocomo(json: Record<string, unknown>, uri: string): Conversation {
  const sessions = Object.keys(json)
    .map((key) => /^session_(\d+)$/.exec(key))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => Number(match[1]))
    .sort((a, b) => a - b);
  const messages: ConversationMessage[] = [];
  for (const session of sessions) {
    const turns = z.array(locomoTurn).safeParse(json[`session_${session}`]);
    if (!turns.success) {
      throw new ResourceUnreadableError(`${uri}: session_${session} is not a list of LoCoMo turns (${turns.error.issues[0]?.message})`);
    }
    const dateText = json[`session_${session}_date_time`];
    const at = typeof dateText === "string" ? parseDate(dateText) : null;
    for (const turn of turns.data) {
      messages.push({ id: turn.dia_id, speaker: turn.speaker, text: turn.text, at, ...(turn.blip_caption ? { imageCaption: turn.blip_caption } : {}) });
    }
  }
  if (messages.length === 0) throw new ResourceUnreadableError(`${uri}: the LoCoMo conversation has no turns`);
  const participants = [json.speaker_a, json.speaker_b].filter((name): name is string => typeof name === "string");
  return { format: "locomo", participants, messages };
}

function parseRoleMessages(list: unknown[], uri: string): Conversation {
  const parsed = z.array(roleMessage).min(1, "the conversation has no messages").safeParse(list);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ResourceUnreadableError(`${uri}: messages.${issue?.path.join(".")}: ${issue?.message}`);
  }
  const isOpenAi = parsed.data.some((message) => Array.isArray(message.content) || "tool_calls" in message);
  const messages = parsed.data.flatMap((message, index): ConversationMessage[] => {
    const text = contentText(message.content);
    if (text.trim() === "") return [];
    const speaker = message.name ?? ROLE_NAMES[message.role] ?? message.role;
    const at = message.created_at === undefined ? null : parseDate(String(message.created_at));
    return [{ id: message.id === undefined ? `m${index + 1}` : String(message.id), speaker, text, at }];
  });
  return { format: isOpenAi ? "openai" : "memu", participants: unique(messages.map((m) => m.speaker)), messages };
}

function contentText(content: z.infer<typeof roleMessage>["content"]): string {
  if (content === null) return "";
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map((part) => part.text ?? "").join("\n");
  return content.text;
}

const transcriptLine = /^(?:\[(?<at>[^\]]+)\]\s*)?(?<speaker>[\p{L}][\p{L}\p{N} .'_-]{0,40}):\s+(?<text>\S.*)$/u;

/** `Name: text` lines; a line that does not start a turn continues the previous one. */
function parseTranscript(raw: string, uri: string): Conversation {
  const messages: { id: string; speaker: string; text: string; at: string | null }[] = [];
  for (const line of raw.split(/\r?\n/)) {
    if (line.trim() === "") continue;
    const match = transcriptLine.exec(line.trim());
    if (match?.groups) {
      const at = match.groups.at ? parseDate(match.groups.at) : null;
      messages.push({ id: `m${messages.length + 1}`, speaker: match.groups.speaker!.trim(), text: match.groups.text!, at });
    } else if (messages.length > 0) {
      messages[messages.length - 1]!.text += `\n${line.trim()}`;
    } else {
      throw new ResourceUnreadableError(`${uri}: not a transcript (the first line is not "Name: text")`);
    }
  }
  if (messages.length === 0) throw new ResourceUnreadableError(`${uri}: the transcript is empty`);
  return { format: "transcript", participants: unique(messages.map((m) => m.speaker)), messages };
}

/** True when most non-empty lines look like `Name: text` turns. */
export function looksLikeTranscript(raw: string): boolean {
  const lines = raw.split(/\r?\n/).filter((line) => line.trim() !== "");
  const turns = lines.filter((line) => transcriptLine.test(line.trim())).length;
  return turns >= 2 && turns / lines.length >= 0.6;
}

function parseDate(text: string): string | null {
  const asNumber = Number(text);
  const date = Number.isFinite(asNumber) && text.trim() !== "" ? new Date(asNumber < 1e12 ? asNumber * 1000 : asNumber) : (chrono.parseDate(text) ?? new Date(text));
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/**
 * The resource text of a conversation: each message as `[id] speaker: text`, its further lines indented by two
 * spaces, so no text inside a message can start a line that reads as another message (see transcriptMessages).
 */
export function conversationTranscript(conversation: Conversation): string {
  return conversation.messages
    .map((m) => transcriptEntry({ id: m.id, speaker: m.speaker, text: `${m.text}${m.imageCaption ? ` [shared an image: ${m.imageCaption}]` : ""}` }))
    .join("\n");
}

const oneLine = (text: string) => text.replace(/\r?\n|\r/g, " ");

/** One message as conversationTranscript writes it. */
export function transcriptEntry(message: Pick<ConversationMessage, "id" | "speaker" | "text">): string {
  return `[${oneLine(message.id)}] ${oneLine(message.speaker)}: ${message.text.replace(/\r?\n|\r/g, "\n  ")}`;
}

const entryHead = /^\[(?<id>.*?)\] (?<speaker>.*?): (?<text>.*)$/;

/**
 * The messages of a transcript written by conversationTranscript, read back in order: a line starting at its first
 * column opens a message, an indented line continues it. (Resources kept before continuation lines were indented
 * may have unindented ones: a line that is not a message head then continues the message before it.)
 */
export function transcriptMessages(transcript: string): Pick<ConversationMessage, "id" | "speaker" | "text">[] {
  const messages: { id: string; speaker: string; text: string }[] = [];
  for (const line of transcript.split("\n")) {
    const head = line.startsWith("  ") ? null : entryHead.exec(line);
    const last = messages[messages.length - 1];
    if (head?.groups !== undefined) messages.push({ id: head.groups.id!, speaker: head.groups.speaker!, text: head.groups.text! });
    else if (last !== undefined) last.text += `\n${line.startsWith("  ") ? line.slice(2) : line}`;
  }
  return messages;
}
