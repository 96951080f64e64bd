import { ValidationError } from "@memograph/core";
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HttpProblem } from "./problem.js";

/** Refuses bodies over `maxBytes` with 413, whether announced by Content-Length or streamed chunked. */
export function limitBody(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new HttpProblem(413, "PAYLOAD_TOO_LARGE", `The request body exceeds the limit of ${maxBytes} bytes`);
    },
  });
}

/** The deepest nesting of arrays and objects in a JSON text, found without parsing it (strings are skipped). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 92 /* \ */) index++;
      else if (char === 34 /* " */) inString = false;
    } else if (char === 34) inString = true;
    else if (char === 123 /* { */ || char === 91 /* [ */) deepest = Math.max(deepest, ++depth);
    else if (char === 125 /* } */ || char === 93 /* ] */) depth--;
  }
  return deepest;
}

/**
 * JSON bodies are checked before any validator parses them: nesting deeper than `maxDepth` (a cheap way to exhaust
 * a parser or a recursive walk) and malformed JSON both answer 400 VALIDATION naming the body.
 */
export function guardJson(maxDepth: number): MiddlewareHandler {
  return async (c, next) => {
    const type = c.req.header("content-type") ?? "";
    if (c.req.raw.body !== null && /^application\/([a-z0-9.+-]*\+)?json/i.test(type)) {
      const text = await c.req.text();
      if (jsonDepth(text) > maxDepth) throw new ValidationError(`The JSON body nests deeper than ${maxDepth} levels`, [{ path: "body", message: `nesting deeper than ${maxDepth}` }]);
      try {
        JSON.parse(text);
      } catch (error) {
        throw new ValidationError(`The body is not valid JSON: ${(error as Error).message}`, [{ path: "body", message: "malformed JSON" }], error);
      }
    }
    await next();
  };
}
