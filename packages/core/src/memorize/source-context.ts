import type { Span } from "../model/index.js";
import type { PreparedContent } from "../ports/index.js";
import { unitLocator } from "./unit-locator.js";
import { unitsOf, type SourceUnit } from "./units.js";

/**
 * The passage of the source a memory comes from: the units its span covers and one on either side (the message and
 * the ones it replies to and that reply to it; the paragraph and its neighbours; the transcript lines around it).
 * Questions often use the words of that passage and not the memory's own: "Do you have pets?" / "Yup, Oscar, my
 * guinea pig." Reads the content once and locates each span without scanning every unit; gives "" for a span that
 * does not locate in it.
 */
export function sourceContext(content: PreparedContent): (span: Span) => string {
  const units = unitsOf(content);
  const locate = unitLocator(units);
  return (span) => {
    const range = locate(span);
    if (range === null) return "";
    return passageOf(units.slice(Math.max(0, range.first - 1), range.last + 2));
  };
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
