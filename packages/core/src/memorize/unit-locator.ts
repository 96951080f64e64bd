import type { Span } from "../model/index.js";
import { firstWhere } from "../util/binary-search.js";
import { spansOverlap, type SourceUnit } from "./units.js";

/** The first and last index of the units a span overlaps. */
export interface UnitRange {
  readonly first: number;
  readonly last: number;
}

/** A span of characters, pages or time as a half-open interval, an empty one widened to one (as `spansOverlap` reads it). */
function interval(span: Span): { kind: Span["kind"]; low: number; high: number } | null {
  switch (span.kind) {
    case "messages":
      return null;
    case "chars":
      return { kind: span.kind, low: span.start, high: Math.max(span.end, span.start + 1) };
    case "pages":
      return { kind: span.kind, low: span.from, high: span.to + 1 };
    case "time":
      return { kind: span.kind, low: span.startMs, high: Math.max(span.endMs, span.startMs + 1) };
  }
}

/**
 * Finds the units a span overlaps without scanning them all: by message id, or by binary search over units in
 * order (both ends never decreasing, as documents and transcripts come). Units out of order are scanned.
 */
export function unitLocator(units: readonly SourceUnit[]): (span: Span) => UnitRange | null {
  const byMessage = new Map<string, UnitRange>();
  units.forEach((unit, index) => {
    if (unit.span.kind !== "messages") return;
    for (const id of unit.span.messageIds) byMessage.set(id, { first: byMessage.get(id)?.first ?? index, last: index });
  });
  const intervals = units.map((unit) => interval(unit.span));
  const ordered = intervals.every((current, index) => {
    const previous = index === 0 ? current : intervals[index - 1];
    return current !== null && previous !== null && previous !== undefined && previous.kind === current.kind && previous.low <= current.low && previous.high <= current.high;
  });

  return (span) => {
    if (span.kind === "messages") {
      let first = Infinity;
      let last = -Infinity;
      for (const id of span.messageIds) {
        const found = byMessage.get(id);
        if (found === undefined) continue;
        first = Math.min(first, found.first);
        last = Math.max(last, found.last);
      }
      return first === Infinity ? null : { first, last };
    }
    if (!ordered) {
      const covers = (unit: SourceUnit) => spansOverlap(unit.span, span);
      const first = units.findIndex(covers);
      return first < 0 ? null : { first, last: units.findLastIndex(covers) };
    }
    const target = interval(span)!;
    if (intervals.length === 0 || intervals[0]!.kind !== target.kind) return null;
    // Overlap is low < target.high and target.low < high: a run of units, both ends found by binary search.
    const first = firstWhere(intervals.length, (index) => intervals[index]!.high > target.low);
    const last = firstWhere(intervals.length, (index) => intervals[index]!.low >= target.high) - 1;
    return first <= last ? { first, last } : null;
  };
}
