import type { Span } from "../model/index.js";
import type { PreparedContent } from "../ports/index.js";
import { spansOverlap, unitsOf, type SourceUnit } from "./units.js";

/**
 * The passage of the source a memory comes from: the units its span covers and one on either side (the message and
 * the ones it replies to and that reply to it; the paragraph and its neighbours; the transcript lines around it).
 * Questions often use the words of that passage and not the memory's own: "Do you have pets?" / "Yup, Oscar, my
 * guinea pig." Reads the content once; gives "" for a span that does not locate in it.
 */
export function sourceContext(content: PreparedContent): (span: Span) => string {
  const units = unitsOf(content);
  return (span) => {
    const covers = (unit: SourceUnit) => spansOverlap(unit.span, span);
    const first = units.findIndex(covers);
    if (first < 0) return "";
    return units.slice(Math.max(0, first - 1), units.findLastIndex(covers) + 2).map((unit) => unit.text).join(" ");
  };
}
