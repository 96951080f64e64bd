import type { Span } from "../api/types.js";

/** One piece of a resource's text, cited by the span or not. */
export interface Passage {
  readonly key: string;
  /** Who spoke, the page, or the time range: shown beside the text. */
  readonly label: string | null;
  readonly text: string;
  readonly cited: boolean;
}

export interface SourceView {
  /** `blocks`: one passage per message, page or transcript line; `inline`: a document with a cited range. */
  readonly layout: "blocks" | "inline";
  readonly passages: readonly Passage[];
  /** Where the span points, in words ("messages D1:3, D1:4", "0:03.0–0:07.5"). */
  readonly where: string;
}

// The resource text layouts written by core: `[<message id>] <speaker>: <text>` per message, `[m:ss.s–m:ss.s] <text>`
// per transcript line, pages separated by form feeds.
const MESSAGE_LINE = /^\[([^\]]+)\] ([^:]*): ([\s\S]*)$/;
const TIMED_LINE = /^\[(\d+):(\d+(?:\.\d+)?)–(\d+):(\d+(?:\.\d+)?)\] ([\s\S]*)$/;

const SPAN_KINDS = new Set(["messages", "chars", "pages", "time"]);

/** A span read from the wire (the trace answer leaves it untyped): the value when it has a known kind, else null. */
export function asSpan(value: unknown): Span | null {
  return typeof value === "object" && value !== null && SPAN_KINDS.has((value as { kind?: unknown }).kind as string) ? (value as Span) : null;
}

export function clock(ms: number): string {
  const seconds = ms / 1000;
  return `${Math.floor(seconds / 60)}:${(seconds % 60).toFixed(1).padStart(4, "0")}`;
}

/** Splits a resource's text into passages and marks those the span cites. */
export function sourceView(text: string, span: Span): SourceView {
  switch (span.kind) {
    case "messages": {
      const cited = new Set(span.messageIds);
      const passages = text.split("\n").map((line, index): Passage => {
        const match = MESSAGE_LINE.exec(line);
        if (match === null) return { key: `l${index}`, label: null, text: line, cited: false };
        return { key: match[1]!, label: match[2]!, text: match[3]!, cited: cited.has(match[1]!) };
      });
      return { layout: "blocks", passages, where: `message${span.messageIds.length === 1 ? "" : "s"} ${span.messageIds.join(", ")}` };
    }
    case "chars": {
      const start = Math.min(span.start, text.length);
      const end = Math.min(Math.max(span.end, start), text.length);
      const passages: Passage[] = [
        { key: "before", label: null, text: text.slice(0, start), cited: false },
        { key: "cited", label: null, text: text.slice(start, end), cited: true },
        { key: "after", label: null, text: text.slice(end), cited: false },
      ];
      return { layout: "inline", passages: passages.filter((passage) => passage.text !== ""), where: `characters ${span.start}–${span.end}` };
    }
    case "pages": {
      const passages = text.split("\f").map((page, index): Passage => ({ key: `p${index + 1}`, label: `Page ${index + 1}`, text: page.trim(), cited: index + 1 >= span.from && index + 1 <= span.to }));
      return { layout: "blocks", passages, where: span.from === span.to ? `page ${span.from}` : `pages ${span.from}–${span.to}` };
    }
    case "time": {
      const passages = text.split("\n").map((line, index): Passage => {
        const match = TIMED_LINE.exec(line);
        if (match === null) return { key: `t${index}`, label: null, text: line, cited: false };
        const startMs = (Number(match[1]) * 60 + Number(match[2])) * 1000;
        const endMs = (Number(match[3]) * 60 + Number(match[4])) * 1000;
        const overlaps = (startMs < span.endMs && endMs > span.startMs) || (startMs === span.startMs && endMs === span.endMs);
        return { key: `t${index}`, label: `${clock(startMs)}–${clock(endMs)}`, text: match[5]!, cited: overlaps };
      });
      return { layout: "blocks", passages, where: `${clock(span.startMs)}–${clock(span.endMs)}` };
    }
  }
}
