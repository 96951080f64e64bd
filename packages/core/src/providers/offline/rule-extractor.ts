import type { ConversationMessage } from "../../formats/conversation.js";
import type { Span } from "../../model/index.js";
import type { ExtractedMemory, Extraction, ExtractionContext, ExtractionInput, MemoryExtractor } from "../../ports/index.js";
import { contentTerms } from "../../util/text.js";
import { categoriesFor, memoryTypeFor } from "./classify.js";
import { resolveRelativeDates } from "./relative-dates.js";
import { sentences } from "./sentences.js";
import { toThirdPerson } from "./third-person.js";

const FALLBACK_CATEGORY: Record<string, string> = { event: "experiences", behavior: "habits", profile: "personal_info", skill: "knowledge", tool: "knowledge" };

/**
 * The offline extractor: keeps every informative statement, attributed to its speaker in the third person, with
 * relative dates resolved against when it was said and the source message ids kept. No model, fully deterministic.
 */
export class RuleExtractor implements MemoryExtractor {
  readonly id = "memograph-rules-v1";

  async extract(input: ExtractionInput, context: ExtractionContext): Promise<Extraction> {
    const { content } = input;
    if (content.kind === "document") return { memories: this.fromDocument(content.text, context) };
    if (content.kind === "timed") {
      return { memories: content.segments.flatMap((segment) => (isInformative(segment.text) ? [this.statement(segment.text, { kind: "time", startMs: segment.startMs, endMs: segment.endMs }, context)] : [])) };
    }
    const { participants, messages } = content.conversation;
    return {
      memories: messages.flatMap((message) => {
        const listener = participants.length === 2 ? participants.find((name) => name !== message.speaker) : undefined;
        const memory = this.fromMessage(message, listener, context);
        return memory === null ? [] : [memory];
      }),
    };
  }

  private fromMessage(message: ConversationMessage, listener: string | undefined, context: ExtractionContext): ExtractedMemory | null {
    const reference = message.at === null ? null : new Date(message.at);
    const kept = sentences(message.text).filter((sentence) => isInformative(sentence.text));
    let happenedAt: string | null = null;
    const parts = kept.map((sentence) => {
      const resolved = reference === null ? { text: sentence.text, happenedAt: null } : resolveRelativeDates(sentence.text, reference);
      happenedAt ??= resolved.happenedAt;
      return toThirdPerson(resolved.text, message.speaker, listener);
    });
    if (message.imageCaption) parts.push(`${message.speaker} shared an image: ${message.imageCaption}.`);
    if (parts.length === 0) return null;
    const original = kept.map((sentence) => sentence.text).join(" ");
    const type = memoryTypeFor(original, happenedAt !== null, context.memoryTypes);
    return {
      type,
      summary: parts.join(" "),
      happenedAt,
      span: { kind: "messages", messageIds: [message.id] },
      categories: categoriesFor(`${original} ${message.imageCaption ?? ""}`, context.categories, FALLBACK_CATEGORY[type] ?? "knowledge"),
    };
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

/** Questions and small talk ("Wow, cool!") carry no memory. */
function isInformative(sentence: string): boolean {
  if (sentence.endsWith("?")) return false;
  return contentTerms(sentence).length >= 2;
}
