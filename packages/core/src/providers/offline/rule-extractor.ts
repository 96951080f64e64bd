import type { Conversation, ConversationMessage } from "../../formats/conversation.js";
import type { Span } from "../../model/index.js";
import type { ExtractedMemory, Extraction, ExtractionContext, ExtractionInput, MemoryExtractor } from "../../ports/index.js";
import { contentTerms, words } from "../../util/text.js";
import { categoriesFor, memoryTypeFor } from "./classify.js";
import { coordinatedClauses, factSentences } from "./facts.js";
import { groupOf, mentionedPartner } from "./first-person-plural.js";
import { resolveRelativeDates } from "./relative-dates.js";
import { sentences } from "./sentences.js";
import { isSmallTalk } from "./small-talk.js";
import { introducedName, speakerNames } from "./speakers.js";
import { toThirdPerson } from "./third-person.js";

const FALLBACK_CATEGORY: Record<string, string> = { event: "experiences", behavior: "habits", profile: "personal_info", skill: "knowledge", tool: "knowledge" };

export interface RuleExtractorOptions {
  /**
   * The user's name, used as the subject of their memories in chats whose messages carry roles (`user`) rather than
   * names. Without it, the name the user introduces themselves with ("I'm Priya", "my name is Priya") is used.
   */
  readonly userName?: string;
}

/** What the extractor knows about a conversation while it reads it. */
interface Reading {
  readonly names: ReadonlyMap<string, string>;
  /** Lower-cased words of every name, so "Thanks, Priya!" counts as small talk. */
  readonly nameWords: ReadonlySet<string>;
  /** The partner each speaker has mentioned so far ("my wife"), for "we both". */
  readonly partners: Map<string, string>;
  readonly participants: readonly string[];
}

/**
 * The offline extractor: one memory per fact a message states, attributed to its speaker by name in the third person,
 * with relative dates resolved against when it was said and the source message ids kept. Greetings, thanks,
 * acknowledgements, questions and small talk make no memory. No model, fully deterministic.
 */
export class RuleExtractor implements MemoryExtractor {
  readonly id = "memograph-rules-v2";
  private readonly userName: string | undefined;

  constructor(options: RuleExtractorOptions = {}) {
    this.userName = options.userName?.trim() || undefined;
  }

  async extract(input: ExtractionInput, context: ExtractionContext): Promise<Extraction> {
    const { content } = input;
    if (content.kind === "document") return { memories: this.fromDocument(content.text, context) };
    if (content.kind === "timed") {
      return { memories: content.segments.flatMap((segment) => (isInformative(segment.text) ? [this.statement(segment.text, { kind: "time", startMs: segment.startMs, endMs: segment.endMs }, context)] : [])) };
    }
    return { memories: this.fromConversation(content.conversation, context) };
  }

  private fromConversation(conversation: Conversation, context: ExtractionContext): ExtractedMemory[] {
    const { names, learned } = speakerNames(conversation, this.userName);
    const reading: Reading = {
      names,
      nameWords: new Set([...names.values(), ...names.keys()].flatMap((name) => words(name))),
      partners: new Map(),
      participants: conversation.participants,
    };
    return conversation.messages.flatMap((message) => {
      const memories = this.fromMessage(message, reading, context);
      if (learned?.messageId !== message.id) return memories;
      // The introduction itself ("I'm Priya") is dropped from the message's facts; the name is a memory of its own.
      const intro = `The user's name is ${learned.name}.`;
      return [{ ...this.statement(intro, { kind: "messages", messageIds: [message.id] }, context), type: context.memoryTypes.includes("profile") ? "profile" : memoryTypeFor(intro, false, context.memoryTypes) }, ...memories];
    });
  }

  private fromMessage(message: ConversationMessage, reading: Reading, context: ExtractionContext): ExtractedMemory[] {
    const speaker = reading.names.get(message.speaker) ?? message.speaker;
    const others = reading.participants.filter((name) => name !== message.speaker);
    const listener = others.length === 1 ? reading.names.get(others[0]!) : undefined;
    const partner = mentionedPartner(message.text) ?? reading.partners.get(message.speaker) ?? null;
    if (partner !== null) reading.partners.set(message.speaker, partner);
    const reference = message.at === null ? null : new Date(message.at);
    const span: Span = { kind: "messages", messageIds: [message.id] };

    const memories = factSentences(message.text)
      .map(withoutIntroduction)
      .filter((sentence) => isInformative(sentence) && !isSmallTalk(sentence, reading.nameWords))
      .flatMap(coordinatedClauses)
      .filter((clause) => !isSmallTalk(clause, reading.nameWords))
      .map((sentence): ExtractedMemory => {
        const resolved = reference === null ? { text: sentence, happenedAt: null } : resolveRelativeDates(sentence, reference);
        const group = groupOf(sentence, speaker, partner, listener);
        const summary = toThirdPerson(resolved.text, speaker, listener, group);
        const type = memoryTypeFor(sentence, resolved.happenedAt !== null, context.memoryTypes);
        return { type, summary, happenedAt: resolved.happenedAt, span, categories: categoriesFor(sentence, context.categories, FALLBACK_CATEGORY[type] ?? "knowledge") };
      });
    if (message.imageCaption) memories.push(this.statement(`${speaker} shared an image: ${message.imageCaption}.`, span, context));
    return memories;
  }

  private fromDocument(text: string, context: ExtractionContext): ExtractedMemory[] {
    return sentences(text)
      .filter((sentence) => isInformative(sentence.text))
      .map((sentence) => this.statement(sentence.text, { kind: "chars", start: sentence.start, end: sentence.start + sentence.text.length }, context));
  }

  /** A statement kept as it is written (documents and transcripts have no speaker turns to rewrite). */
  private statement(text: string, span: Span, context: ExtractionContext): ExtractedMemory {
    const type = memoryTypeFor(text, false, context.memoryTypes);
    return { type, summary: text, happenedAt: null, span, categories: categoriesFor(text, context.categories, FALLBACK_CATEGORY[type] ?? "knowledge") };
  }
}

/** "I'm Priya, I work as…" → "I work as…": the name is kept as its own memory. */
function withoutIntroduction(sentence: string): string {
  const name = introducedName(sentence);
  if (name === null) return sentence;
  const rest = sentence.replace(new RegExp(String.raw`^.*?\b(?:I'm|I’m|I am|my name is|my name's|call me|I go by|this is)\s+${escape(name)}\s*[,.!;:—–-]?\s*`, "iu"), "");
  return rest === sentence ? sentence : rest.charAt(0).toUpperCase() + rest.slice(1);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Questions and fragments ("Wow, cool!") carry no memory. */
function isInformative(sentence: string): boolean {
  if (sentence.endsWith("?")) return false;
  return contentTerms(sentence).length >= 2;
}
