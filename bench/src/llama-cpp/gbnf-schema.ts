import type { GbnfJsonObjectSchema } from "node-llama-cpp";

type Node = Readonly<Record<string, unknown>>;

/** Formats node-llama-cpp's JSON-schema grammar can enforce; other string formats stay plain strings. */
const FORMATS = new Set(["date-time", "time", "date"]);
/** Keywords carried over as they are; the rest (patterns, number bounds) is left to the engine's zod check. */
const KEPT = ["type", "required", "additionalProperties", "minItems", "maxItems", "const", "description", "$ref"];

/**
 * memograph's strict JSON Schema in the dialect of node-llama-cpp's grammar compiler: `anyOf` becomes `oneOf` (its
 * only union), an enum stands alone, and keywords it does not know are dropped; the engine still validates the
 * answer against the full schema. The root of a memograph schema is always an object.
 */
export function toGbnfJsonSchema(schema: Node): GbnfJsonObjectSchema {
  const convert = (node: Node): Record<string, unknown> => {
    if (Array.isArray(node.enum)) return { enum: node.enum };
    if (Array.isArray(node.anyOf)) return { oneOf: (node.anyOf as Node[]).map(convert) };
    const out: Record<string, unknown> = {};
    for (const key of KEPT) if (node[key] !== undefined) out[key] = node[key];
    if (typeof node.format === "string" && FORMATS.has(node.format)) out.format = node.format;
    if (node.properties !== undefined) out.properties = Object.fromEntries(Object.entries(node.properties as Record<string, Node>).map(([key, sub]) => [key, convert(sub)]));
    if (node.items !== undefined) out.items = convert(node.items as Node);
    if (node.$defs !== undefined) out.$defs = Object.fromEntries(Object.entries(node.$defs as Record<string, Node>).map(([key, sub]) => [key, convert(sub)]));
    return out;
  };
  return convert(schema) as GbnfJsonObjectSchema;
}
