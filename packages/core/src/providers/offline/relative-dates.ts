import * as chrono from "chrono-node";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

export interface ResolvedDates {
  /** The sentence with each relative expression followed by its resolved date: "yesterday (7 May 2023)". */
  readonly text: string;
  /** The first date mentioned (ISO, date precision), or null. */
  readonly happenedAt: string | null;
}

const ABSOLUTE_YEAR = /\b(1[89]|20)\d{2}\b/;
const RECURRENCE = /\b(every|each)\s+$|\b(every|each)\s+\w+\s+(and|or)\s+$/i;
/** How far before a date "every" may stand ("every Monday and Tuesday"); a bounded look-back keeps a long text linear. */
const RECURRENCE_REACH = 64;

/**
 * Resolves relative time expressions against the date the sentence was said (chrono-node), so that a memory read
 * months later still says when things happened.
 */
export function resolveRelativeDates(sentence: string, reference: Date): ResolvedDates {
  const results = chrono.parse(sentence, { instant: reference, timezone: "UTC" }, { forwardDate: false });
  const parts: string[] = [];
  let copied = 0;
  let happenedAt: string | null = null;
  for (const result of results) {
    // "every Tuesday" is a recurrence, not a date. One character more than the reach, so that \b sees what precedes.
    if (RECURRENCE.test(sentence.slice(Math.max(0, result.index - RECURRENCE_REACH - 1), result.index))) continue;
    const label = describe(result, reference);
    if (label === null) continue;
    happenedAt ??= result.start.date().toISOString().slice(0, 10);
    if (ABSOLUTE_YEAR.test(result.text)) continue;
    const end = result.index + result.text.length;
    parts.push(sentence.slice(copied, end), ` (${label})`);
    copied = end;
  }
  parts.push(sentence.slice(copied));
  return { text: parts.join(""), happenedAt };
}

function describe(result: chrono.ParsedResult, reference: Date): string | null {
  const phrase = result.text.toLowerCase();
  const date = result.start.date();
  if (/\b(last|past|previous) week(end)?\b/.test(phrase)) return `the ${phrase.includes("weekend") ? "weekend" : "week"} before ${formatDay(reference)}`;
  if (/\b(next|this|coming) week(end)?\b/.test(phrase)) return `the ${phrase.includes("weekend") ? "weekend" : "week"} after ${formatDay(reference)}`;
  if (result.start.isCertain("day") || result.start.isCertain("weekday")) return formatDay(date);
  if (result.start.isCertain("month") || /\bmonth\b/.test(phrase)) return `${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
  if (result.start.isCertain("year") || /\byear\b/.test(phrase)) return String(date.getUTCFullYear());
  // A bare time of day ("at 5pm") says nothing about the date.
  return null;
}

export function formatDay(date: Date): string {
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}
