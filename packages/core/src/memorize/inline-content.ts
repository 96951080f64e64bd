import { ResourceRefusedError } from "../errors/index.js";

/** Default limit of inline `content`, the same as the default loader's for files and URLs. */
export const DEFAULT_MAX_CONTENT_BYTES = 25 * 1024 * 1024;

/**
 * The UTF-8 bytes of inline content (a string as given, a JSON value serialised), refused over `maxBytes`: one
 * request's content is kept in memory several times over while it is memorized.
 */
export function inlineContentBytes(content: string | unknown[] | Record<string, unknown>, maxBytes: number): Uint8Array {
  const text = typeof content === "string" ? content : JSON.stringify(content);
  // A UTF-16 code unit is at least one UTF-8 byte: an over-long string is refused before it is encoded.
  const bytes = text.length > maxBytes ? null : new TextEncoder().encode(text);
  if (bytes === null || bytes.length > maxBytes) {
    throw new ResourceRefusedError(`Refused inline content: ${bytes?.length ?? `over ${text.length}`} bytes is over the limit of ${maxBytes} (option maxContentBytes)`, { field: "content" });
  }
  return bytes;
}
