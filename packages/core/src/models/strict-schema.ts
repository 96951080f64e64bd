import { z } from "zod";

export type JsonSchema = Readonly<Record<string, unknown>>;

/**
 * Keywords OpenAI's strict structured outputs accept (https://platform.openai.com/docs/guides/structured-outputs,
 * "Supported schemas"). Others (`minLength`, `allOf`, `oneOf`, `not`, `if`, `patternProperties`, ...) make it
 * reject the whole request with a 400.
 */
const ALLOWED_KEYWORDS = new Set([
  "type", "properties", "required", "additionalProperties", "items", "enum", "const", "anyOf", "$ref", "$defs",
  "description", "title", "pattern", "format", "minItems", "maxItems", "minimum", "maximum", "exclusiveMinimum",
  "exclusiveMaximum", "multipleOf",
]);
const FORMATS = new Set(["date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"]);
const TYPES = new Set(["string", "number", "integer", "boolean", "object", "array", "null"]);
const MAX_DEPTH = 10;
const MAX_ENUM_VALUES = 1000;
/** String limits are checked by the zod schema after parsing: strict mode does not take them. */
const DROPPED_KEYWORDS = new Set(["$schema", "minLength", "maxLength"]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function strictNode(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strictNode);
  if (!isRecord(node)) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED_KEYWORDS.has(key)) continue;
    // Property names and enum values are data, not schemas.
    out[key] = key === "properties" || key === "$defs"
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([name, sub]) => [name, strictNode(sub)]))
      : key === "enum" || key === "const" || key === "required" ? value : strictNode(value);
  }
  // Input mode leaves objects open (zod strips unknown keys); the model must not add any.
  if (out.type === "object" && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

/**
 * The JSON Schema a model is given for a prompt schema: generated for the input side (what the model must write,
 * before any transform), string lengths left to zod, every object closed. Throws when the schema is outside the
 * strict-mode subset (a schema bug, caught by the schema walk test before a provider sees it).
 */
export function strictJsonSchema(schema: z.ZodType, name: string): JsonSchema {
  const json = strictNode(z.toJSONSchema(schema, { io: "input", unrepresentable: "throw" })) as JsonSchema;
  const problems = strictSchemaProblems(json);
  if (problems.length > 0) throw new Error(`The ${name} schema is not valid for strict structured output: ${problems.join("; ")}`);
  return json;
}

/**
 * What OpenAI's strict mode would reject in `schema`, each as `In context=(path), problem` like its 400 errors;
 * empty when the schema is accepted. Shared by the engine's own check and the fake OpenAI server.
 */
export function strictSchemaProblems(schema: unknown): string[] {
  const problems: string[] = [];
  const root = isRecord(schema) ? schema : {};
  if (!isRecord(schema)) problems.push("In context=(), schema must be a JSON object");
  else if (schema.type !== "object") problems.push("In context=(), the root schema must be of type 'object', not 'anyOf' or another type");
  const defs = isRecord(root.$defs) ? root.$defs : {};
  const visit = (node: unknown, path: readonly string[], depth: number): void => {
    const at = `In context=(${path.map((part) => `'${part}'`).join(", ")})`;
    if (!isRecord(node)) return void problems.push(`${at}, schema must be a JSON object`);
    if (depth > MAX_DEPTH) return void problems.push(`${at}, schema nesting exceeds ${MAX_DEPTH} levels`);
    for (const key of Object.keys(node)) if (!ALLOWED_KEYWORDS.has(key) && !(key === "$schema" && path.length === 0)) problems.push(`${at}, '${key}' is not permitted`);
    if (node.$ref !== undefined) {
      const target = typeof node.$ref === "string" && node.$ref.startsWith("#/$defs/") ? defs[node.$ref.slice("#/$defs/".length)] : undefined;
      if (node.$ref !== "#" && target === undefined) problems.push(`${at}, reference ${JSON.stringify(node.$ref)} can't be resolved`);
      return;
    }
    if (node.anyOf !== undefined) {
      if (!Array.isArray(node.anyOf) || node.anyOf.length === 0) return void problems.push(`${at}, 'anyOf' must be a non-empty array`);
      node.anyOf.forEach((branch, index) => visit(branch, [...path, "anyOf", String(index)], depth + 1));
      return;
    }
    const types = Array.isArray(node.type) ? node.type : [node.type];
    if (node.type === undefined && node.enum === undefined && node.const === undefined) return void problems.push(`${at}, schema must have a 'type' key`);
    for (const type of types) if (node.type !== undefined && (typeof type !== "string" || !TYPES.has(type))) problems.push(`${at}, ${JSON.stringify(type)} is not a valid type`);
    if (node.enum !== undefined && (!Array.isArray(node.enum) || node.enum.length === 0 || node.enum.length > MAX_ENUM_VALUES)) problems.push(`${at}, 'enum' must list 1 to ${MAX_ENUM_VALUES} values`);
    if (node.format !== undefined && !FORMATS.has(String(node.format))) problems.push(`${at}, format ${JSON.stringify(node.format)} is not supported`);
    if (types.includes("object")) {
      const properties = isRecord(node.properties) ? node.properties : undefined;
      if (properties === undefined) problems.push(`${at}, an object schema must list its 'properties'`);
      if (node.additionalProperties !== false) problems.push(`${at}, 'additionalProperties' is required to be supplied and to be false`);
      const required = Array.isArray(node.required) ? node.required : [];
      const missing = Object.keys(properties ?? {}).filter((key) => !required.includes(key));
      if (missing.length > 0) problems.push(`${at}, 'required' is required to be supplied and to be an array including every key in properties. Missing ${missing.map((key) => `'${key}'`).join(", ")}`);
      for (const [key, sub] of Object.entries(properties ?? {})) visit(sub, [...path, "properties", key], depth + 1);
    }
    if (types.includes("array")) {
      if (node.items === undefined) problems.push(`${at}, an array schema must have 'items'`);
      else visit(node.items, [...path, "items"], depth + 1);
    }
  };
  visit(root, [], 0);
  for (const [name, def] of Object.entries(defs)) visit(def, ["$defs", name], 1);
  return problems;
}
