import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createMemory, SafeResourceLoader, strictSchemaProblems, type CompletionRequest, type LanguageModel, type Transcriber } from "@memograph/core";
import { scriptedLanguageModel } from "@memograph/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeImage, makeVideo } from "../support/media-files.js";

type Schema = Record<string, unknown>;
interface Sent {
  readonly name: string;
  readonly schema: Schema;
  readonly data: string;
}

/** Every structured request the engine makes, as the model receives it. */
function recording(): { model: LanguageModel; sent: Sent[] } {
  const scripted = scriptedLanguageModel({
    // Never sufficient, so llm retrieve reaches the resources tier.
    items_judgement: ({ data }) => ({ relevantIds: [...data.matchAll(/^\[([^\]]+)\]/gm)].slice(0, 2).map((match) => match[1]), sufficient: false, nextStepQuery: "Where does Priya work?" }),
  });
  const sent: Sent[] = [];
  const model: LanguageModel = {
    id: "recording",
    complete(request: CompletionRequest) {
      const user = request.messages[1]!.content;
      if (request.json !== undefined) sent.push({ name: request.json.name, schema: request.json.schema as Schema, data: typeof user === "string" ? user : user.map((part) => (part.type === "text" ? part.text : "")).join("\n") });
      return scripted.complete(request);
    },
  };
  return { model, sent };
}

/** Every sub-schema of `schema` with its path. */
function* subSchemas(schema: unknown, at = "(root)"): Generator<[string, Schema]> {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return;
  const node = schema as Schema;
  yield [at, node];
  for (const [key, value] of Object.entries((node.properties ?? {}) as Record<string, unknown>)) yield* subSchemas(value, `${at}.${key}`);
  if (node.items !== undefined) yield* subSchemas(node.items, `${at}[]`);
  for (const [index, branch] of ((node.anyOf ?? []) as unknown[]).entries()) yield* subSchemas(branch, `${at}|${index}`);
}

/** The values allowed at a path (`a.b[]`) by an enum (or a single const), through a nullable anyOf. */
function enumAt(schema: Schema, route: string): unknown[] | undefined {
  const found = [...subSchemas(schema)].find(([at, node]) => (at === `(root).${route}` || at.startsWith(`(root).${route}|`)) && (Array.isArray(node.enum) || "const" in node));
  return found === undefined ? undefined : ((found[1].enum as unknown[] | undefined) ?? [found[1].const]);
}

const ids = (data: string, after: string) => [...data.slice(data.indexOf(after)).matchAll(/^\s*(?:stored )?\[([^\]]+)\]/gm)].map((match) => match[1]);

const scope = { userId: "priya" };
let dir: string;
let sent: Sent[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "memograph-schemas-"));
  const recorder = recording();
  sent = recorder.sent;
  const transcriber: Transcriber = { id: "fixed", transcribe: async () => ({ text: "I adopted a border collie.", segments: [{ startMs: 0, endMs: 2000, text: "I adopted a border collie." }] }) };
  const memory = await createMemory({
    profiles: { default: { chat: recorder.model, transcriber } },
    reconcileSimilarity: 0.3,
    loader: new SafeResourceLoader({ roots: [dir] }),
  });
  await memory.memorize({ content: "Priya: I work as a nurse at the city hospital in Leeds.", scope });
  await memory.memorize({ content: "Priya: I now work as a teacher at the city school in Leeds.", scope });
  await memory.memorize({ resourceUrl: await makeImage(dir), scope });
  await memory.memorize({ resourceUrl: await makeVideo(dir, 4, "I adopted a border collie."), scope });
  await memory.retrieve({ queries: [{ role: "user", content: "Tell me about Priya." }, { role: "user", content: "Where does she work?" }], scope, method: "llm" });
  // A category over the split threshold, so the reorganisation request holds both splits and merges.
  for (const pastime of ["chess", "tennis", "baking", "guitar", "rowing"]) await memory.createItem({ scope, type: "behavior", summary: `Priya enjoys ${pastime} at weekends.`, categories: ["hobbies"] });
  await memory.reorganize({ scope, method: "model", splitAbove: 4 });
  await memory.close();
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("every prompt schema the engine sends keeps to strict structured output", () => {
  it("covers every structured request of memorize (text, image, video), llm retrieve and reorganize", () => {
    expect(new Set(sent.map((request) => request.name))).toEqual(
      new Set(["memories", "decisions", "category_summary", "image_description", "video_frames", "search_query", "categories_judgement", "items_judgement", "resources_judgement", "category_structure"]),
    );
  });

  it("passes OpenAI's strict-mode rules", () => {
    for (const request of sent) expect([request.name, strictSchemaProblems(request.schema)]).toEqual([request.name, []]);
  });

  it("has no empty sub-schema, closes every object and requires every property", () => {
    for (const request of sent) {
      for (const [at, node] of subSchemas(request.schema)) {
        const where = `${request.name} ${at}`;
        expect([where, ["type", "anyOf", "enum", "const", "$ref"].some((key) => key in node)]).toEqual([where, true]);
        if (node.type !== "object") continue;
        expect([where, node.additionalProperties]).toEqual([where, false]);
        expect([where, [...((node.required ?? []) as string[])].sort()]).toEqual([where, Object.keys(node.properties as Schema).sort()]);
      }
    }
  });

  it("offers chosen ids as an enum of exactly the ids shown in that request", () => {
    const of = (name: string) => sent.filter((request) => request.name === name);
    for (const request of of("memories")) expect(enumAt(request.schema, "memories[].sources[]")).toEqual(ids(request.data, "Units:"));
    for (const name of ["categories_judgement", "items_judgement", "resources_judgement"]) {
      expect(of(name).length).toBeGreaterThan(0);
      for (const request of of(name)) expect(enumAt(request.schema, "relevantIds[]")).toEqual(ids(request.data, "Candidate "));
    }
    for (const request of of("category_summary")) expect(enumAt(request.schema, "citedItemIds[]")).toEqual(ids(request.data, "Memories:"));
    for (const request of of("decisions")) {
      expect(enumAt(request.schema, "decisions[].target")).toEqual(ids(request.data, "New memory"));
      expect(enumAt(request.schema, "decisions[].memory")).toEqual([...request.data.matchAll(/^New memory (\d+):/gm)].map((match) => Number(match[1])));
    }
    const [structure] = of("category_structure");
    expect(enumAt(structure!.schema, "splits[].parts[].itemIds[]")).toEqual(ids(structure!.data, "Memories of"));
    expect(enumAt(structure!.schema, "splits[].category")).toEqual([...structure!.data.matchAll(/^Memories of ([a-z0-9_-]+):$/gm)].map((match) => match[1]));
    expect(enumAt(structure!.schema, "splits[].category")).toContain("hobbies");
    expect(enumAt(structure!.schema, "merges[].from")).toEqual([...structure!.data.matchAll(/^- ([a-z0-9_-]+) \(/gm)].map((match) => match[1]));
    // Nullable fields stay required and say null explicitly.
    const [judgement] = of("items_judgement");
    expect(JSON.stringify((judgement!.schema.properties as Schema).nextStepQuery)).toContain('"null"');
  });
});
