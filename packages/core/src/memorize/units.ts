import type { Span } from "../model/index.js";
import type { PreparedContent, TranscriptSegment } from "../ports/index.js";
import { firstWhere } from "../util/binary-search.js";

/** The smallest citable piece of a source: a message, a paragraph or a transcript line, with its span. */
export interface SourceUnit {
  readonly id: string;
  readonly text: string;
  readonly span: Span;
  /** Units of different groups (conversation sessions) never share a segment. */
  readonly group: string;
  /** A message as a source passage shows it: its day ("8 May 2023", null when undated) apart from its text. */
  readonly passage?: { readonly day: string | null; readonly text: string };
}

const DAY = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

const MAX_PARAGRAPH_CHARS = 2000;

export function unitsOf(content: PreparedContent): SourceUnit[] {
  switch (content.kind) {
    case "conversation": {
      // A session is a LoCoMo `D<n>` prefix, else a day; an undated message stays in the session before it.
      let group = "";
      return content.conversation.messages.map((message) => {
        group = /^(D\d+):/.exec(message.id)?.[1] ?? message.at?.slice(0, 10) ?? group;
        const said = `${message.speaker}: ${message.text}${message.imageCaption ? ` [shares an image: ${message.imageCaption}]` : ""}`;
        return {
          id: message.id,
          text: `${message.at === null ? "" : `(${message.at}) `}${said}`,
          span: { kind: "messages", messageIds: [message.id] },
          group,
          passage: { day: message.at === null ? null : DAY.format(new Date(message.at)), text: said },
        };
      });
    }
    case "document": {
      // A paged document (PDF) separates its pages with form feeds; its units cite pages.
      const pageStarts = [...content.text.matchAll(/\f/g)].map((match) => match.index);
      const pageAt = (offset: number) => 1 + firstWhere(pageStarts.length, (index) => pageStarts[index]! >= offset);
      return paragraphs(content.text).map((range, index) => ({
        id: `p${index + 1}`,
        text: content.text.slice(range.start, range.end),
        span: pageStarts.length === 0 ? { kind: "chars", start: range.start, end: range.end } : { kind: "pages", from: pageAt(range.start), to: pageAt(range.end) },
        group: "",
      }));
    }
    case "timed":
      return content.segments.map((segment, index) => ({
        id: `t${index + 1}`,
        text: timedLine(segment),
        span: { kind: "time", startMs: segment.startMs, endMs: segment.endMs },
        group: "",
      }));
  }
}

/** Non-empty paragraphs as character ranges; a long paragraph is cut at sentence ends. */
function paragraphs(text: string): { start: number; end: number }[] {
  const ranges: { start: number; end: number }[] = [];
  for (const match of text.matchAll(/[^\n\f]+(?:\n(?!\s*\n)[^\n\f]*)*/g)) {
    if (match[0].trim() === "") continue;
    let start = match.index;
    const end = match.index + match[0].length;
    while (end - start > MAX_PARAGRAPH_CHARS) {
      const window = text.slice(start, start + MAX_PARAGRAPH_CHARS);
      const cut = Math.max(window.lastIndexOf(". "), window.lastIndexOf("\n"));
      const stop = cut > MAX_PARAGRAPH_CHARS / 2 ? start + cut + 1 : start + MAX_PARAGRAPH_CHARS;
      ranges.push({ start, end: stop });
      start = stop;
    }
    ranges.push({ start, end });
  }
  return ranges;
}

function clock(ms: number): string {
  const seconds = ms / 1000;
  return `${String(Math.floor(seconds / 60)).padStart(2, "0")}:${(seconds % 60).toFixed(1).padStart(4, "0")}`;
}

/** A transcript line as resources keep it: `[mm:ss.s–mm:ss.s] text`. */
export function timedLine(segment: TranscriptSegment): string {
  return `[${clock(segment.startMs)}–${clock(segment.endMs)}] ${segment.text}`;
}

/** The time range of a line written by `timedLine` (to the tenth of a second it was written with), else null. */
export function timedLineRange(line: string): { startMs: number; endMs: number } | null {
  const range = /^\[(\d+):(\d+(?:\.\d+)?)–(\d+):(\d+(?:\.\d+)?)\]/.exec(line);
  if (range === null) return null;
  return { startMs: (Number(range[1]) * 60 + Number(range[2])) * 1000, endMs: (Number(range[3]) * 60 + Number(range[4])) * 1000 };
}

/** Consecutive units in segments of at most `maxUnits` units and `maxChars` characters, split at group changes. */
export function segment(units: readonly SourceUnit[], limits: { maxUnits: number; maxChars: number }): SourceUnit[][] {
  const segments: SourceUnit[][] = [];
  let current: SourceUnit[] = [];
  let chars = 0;
  for (const unit of units) {
    const full = current.length >= limits.maxUnits || (current.length > 0 && chars + unit.text.length > limits.maxChars);
    if (current.length > 0 && (full || current[0]!.group !== unit.group)) {
      segments.push(current);
      current = [];
      chars = 0;
    }
    current.push(unit);
    chars += unit.text.length;
  }
  if (current.length > 0) segments.push(current);
  return segments;
}

/** The span covering several units of one source (they share a kind). */
export function mergeSpans(spans: readonly Span[]): Span {
  const first = spans[0]!;
  switch (first.kind) {
    case "messages":
      return { kind: "messages", messageIds: [...new Set(spans.flatMap((span) => (span.kind === "messages" ? span.messageIds : [])))] };
    case "chars":
      return { kind: "chars", start: Math.min(...spans.map((span) => (span.kind === "chars" ? span.start : Infinity))), end: Math.max(...spans.map((span) => (span.kind === "chars" ? span.end : 0))) };
    case "pages":
      return { kind: "pages", from: Math.min(...spans.map((span) => (span.kind === "pages" ? span.from : Infinity))), to: Math.max(...spans.map((span) => (span.kind === "pages" ? span.to : 0))) };
    case "time":
      return { kind: "time", startMs: Math.min(...spans.map((span) => (span.kind === "time" ? span.startMs : Infinity))), endMs: Math.max(...spans.map((span) => (span.kind === "time" ? span.endMs : 0))) };
  }
}

/** Whether two spans of one source share any message, character, page or moment (an empty range: its start). */
export function spansOverlap(a: Span, b: Span): boolean {
  const ranges = (start: number, end: number, otherStart: number, otherEnd: number) => start < Math.max(otherEnd, otherStart + 1) && otherStart < Math.max(end, start + 1);
  switch (a.kind) {
    case "messages":
      return b.kind === "messages" && a.messageIds.some((id) => b.messageIds.includes(id));
    case "chars":
      return b.kind === "chars" && ranges(a.start, a.end, b.start, b.end);
    case "pages":
      return b.kind === "pages" && a.from <= b.to && b.from <= a.to;
    case "time":
      return b.kind === "time" && ranges(a.startMs, a.endMs, b.startMs, b.endMs);
  }
}
