import { describe, expect, it } from "vitest";
import { z } from "zod";
import { strictJsonSchema, strictSchemaProblems } from "./strict-schema.js";

describe("strict JSON Schemas for structured output", () => {
  it("generates the input side: a transformed array keeps its type instead of leaking as {}", () => {
    const schema = z.object({ ids: z.array(z.string()).transform((ids) => ids.length) });
    expect(strictJsonSchema(schema, "counted")).toEqual({
      type: "object",
      properties: { ids: { type: "array", items: { type: "string" } } },
      required: ["ids"],
      additionalProperties: false,
    });
  });

  it("closes every object, keeps null explicit, and leaves string lengths to zod", () => {
    const schema = z.object({ inner: z.object({ text: z.string().trim().min(1).max(10) }), next: z.string().nullable() });
    expect(strictJsonSchema(schema, "nested")).toEqual({
      type: "object",
      properties: {
        inner: { type: "object", properties: { text: { type: "string" } }, required: ["text"], additionalProperties: false },
        next: { type: ["string", "null"] },
      },
      required: ["inner", "next"],
      additionalProperties: false,
    });
  });

  it("refuses optional and defaulted fields: strict mode needs every property required", () => {
    expect(() => strictJsonSchema(z.object({ note: z.string().optional() }), "optional")).toThrow(/Missing 'note'/);
    expect(() => strictJsonSchema(z.object({ tags: z.array(z.string()).default([]) }), "defaulted")).toThrow(/Missing 'tags'/);
  });

  it("names what OpenAI's strict mode would reject, with its context", () => {
    expect(strictSchemaProblems({ type: "object", properties: { ids: {} }, required: ["ids"], additionalProperties: false })).toEqual([
      "In context=('properties', 'ids'), schema must have a 'type' key",
    ]);
    expect(strictSchemaProblems({ type: "object", properties: { a: { type: "string", minLength: 1 } }, required: [] })).toEqual([
      "In context=(), 'additionalProperties' is required to be supplied and to be false",
      "In context=(), 'required' is required to be supplied and to be an array including every key in properties. Missing 'a'",
      "In context=('properties', 'a'), 'minLength' is not permitted",
    ]);
    expect(strictSchemaProblems({ anyOf: [{ type: "object", properties: {}, required: [], additionalProperties: false }] })[0]).toMatch(/root schema must be of type 'object'/);
    expect(strictSchemaProblems({ type: "object", properties: { when: { type: "string", format: "calendar" } }, required: ["when"], additionalProperties: false })).toEqual([
      "In context=('properties', 'when'), format \"calendar\" is not supported",
    ]);
    expect(strictSchemaProblems({ type: "object", properties: { list: { type: "array" } }, required: ["list"], additionalProperties: false })).toEqual([
      "In context=('properties', 'list'), an array schema must have 'items'",
    ]);
  });
});
