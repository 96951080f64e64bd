import type { Span } from "../model/index.js";
import type { PreparedContent } from "../ports/index.js";
import { unitLocator } from "./unit-locator.js";
import { unitsOf, type SourceUnit } from "./units.js";

/**
 * At most this many characters of a document's or transcript's passage: a memory whose span covers many pages or an
 * hour of audio would otherwise carry all of it into the keyword index and the embedder. A paragraph is at most
 * 2,000 characters (units.ts), so a paragraph span keeps its neighbours. Conversations are not capped: their passage is
 * the few messages around those a memory cites.
 */
export const MAX_PASSAGE_CHARS = 4000;

/**
 * Messages on either side of a memory's own in a conversation's passage: the exchange around it, where a question's
 * words often are. LoCoMo dev R@10 with the offline model: 0.767 with none, 0.797 with one, 0.804 with two, 0.812 with
 * three, 0.809 with four (bench/README.md). A paragraph or a transcript line, much longer than a message, keeps one.
 */
const CONVERSATION_REACH = 3;

/**
 * The passage of the source a memory comes from: the units its span covers and those around them (the messages it
 * replies to and that reply to it; the paragraph and its neighbours; the transcript lines around it). Questions often
 * use the words of that passage and not the memory's own: "Do you have pets?" / "Yup, Oscar, my guinea pig." Stores
 * index it for keyword search (MemoryStore.write) and never show it. Reads the content once and locates each span
 * without scanning every unit; gives "" for a span that does not locate in it. A document's or transcript's passage
 * keeps the units nearest the span's middle, up to `MAX_PASSAGE_CHARS`.
 */
export function sourceContext(content: PreparedContent): (span: Span) => string {
  const units = unitsOf(content);
  const locate = unitLocator(units);
  const conversation = content.kind === "conversation";
  const reach = conversation ? CONVERSATION_REACH : 1;
  return (span) => {
    const range = locate(span);
    if (range === null) return "";
    const first = Math.max(0, range.first - reach);
    const last = Math.min(units.length - 1, range.last + reach);
    return passageOf(conversation ? units.slice(first, last + 1) : nearestUnits(units, first, last));
  };
}

/** Units `first`..`last` in order, or when they hold more than the cap, the middle one and those nearest it that fit. */
function nearestUnits(units: readonly SourceUnit[], first: number, last: number): readonly SourceUnit[] {
  let low = (first + last) >> 1;
  let high = low;
  let length = units[low]!.text.length;
  for (let side = 0; low > first || high < last; side += 1) {
    const next = (side % 2 === 0 && high < last) || low === first ? high + 1 : low - 1;
    const added = units[next]!.text.length + 1;
    if (length + added > MAX_PASSAGE_CHARS) break;
    length += added;
    if (next > high) high = next;
    else low = next;
  }
  return units.slice(low, high + 1);
}

/**
 * The units' texts joined, a message's day written out where it changes ("(8 May 2023) Caroline: … Melanie: …"): a
 * day a question can name, in a few tokens instead of a full timestamp on every message.
 */
function passageOf(units: readonly SourceUnit[]): string {
  let day: string | null = null;
  return units
    .map((unit) => {
      if (unit.passage === undefined) return unit.text;
      const shown = unit.passage.day !== null && unit.passage.day !== day ? `(${unit.passage.day}) ${unit.passage.text}` : unit.passage.text;
      day = unit.passage.day ?? day;
      return shown;
    })
    .join(" ");
}
