import { sha256 } from "../util/hash.js";
import { normalizeWhitespace } from "../util/text.js";

/** Items with the same type and text (case and spacing aside) are the same memory. */
export function itemHash(type: string, summary: string): string {
  return sha256(`${type}\n${normalizeWhitespace(summary).toLowerCase()}`);
}
