import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * The floors of packages/core/src, lowest first; each floor lists its rooms (top-level folders). A module imports
 * from its own room and from rooms on lower floors, never from a room beside it or above it, so the import graph
 * runs one way and no room needs the one that uses it:
 *
 * - errors, util, model, formats, ports: the vocabulary (typed errors, helpers, records, the interfaces core owns);
 * - loaders, models, providers, stores: what implements or drives the ports (the model session, offline providers,
 *   the embedded store), knowing nothing of the pipelines;
 * - engine: what every operation shares (the `Engine` of ports and settings, `operation`, `readScope`, usage
 *   accounting, the input pieces every schema is built from);
 * - memorize, retrieve: the pipelines, each with its own input schema and settings;
 * - categories, reindex: reorganisation (re-files what memorize filed, rewrites summaries with memorize's helpers) and
 *   re-embedding a store with another embedder (the texts memorize embeds);
 * - service: `MemoryService`, a thin composition of the pipelines plus CRUD, trace and forget;
 * - adapters, tools, testing: helpers for the packages above core, and core's test doubles;
 * - src/index.ts, the public API, on top (files directly in src).
 *
 * Tests are exempt: a test sits beside the behaviour it proves and may drive it through the service.
 */
const FLOORS: readonly (readonly string[])[] = [
  ["errors"],
  ["util"],
  ["model", "formats"],
  ["ports"],
  ["loaders", "models", "providers", "stores"],
  ["engine"],
  ["memorize", "retrieve"],
  ["categories", "reindex"],
  ["service"],
  ["adapters", "tools", "testing"],
];

interface Violation {
  readonly file: string;
  readonly imports: string;
  readonly problem: string;
}

const isTest = (file: string) => /\.test(-d)?\.ts$/.test(file);

/** The room of a path relative to src: its top-level folder, or "" for a file directly in src (the top floor). */
const roomOf = (file: string) => (file.includes("/") ? file.slice(0, file.indexOf("/")) : "");

/** Every import of a module (static, type-only, re-export, dynamic) that goes from a room to one not below it. */
function floorViolations(files: ReadonlyMap<string, string>, floors: readonly (readonly string[])[]): Violation[] {
  const floorOf = new Map(floors.flatMap((rooms, level) => rooms.map((room) => [room, level] as const)));
  floorOf.set("", floors.length);
  const violations: Violation[] = [];
  for (const [file, text] of files) {
    if (isTest(file)) continue;
    const from = roomOf(file);
    const fromFloor = floorOf.get(from);
    if (fromFloor === undefined) {
      violations.push({ file, imports: "", problem: `folder ${from}/ is on no floor: add it to FLOORS` });
      continue;
    }
    for (const { fileName: specifier } of ts.preProcessFile(text, true, true).importedFiles) {
      if (!specifier.startsWith(".")) continue; // a package or node: builtin
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
      if (target.startsWith("../")) {
        violations.push({ file, imports: specifier, problem: "reaches outside src" });
        continue;
      }
      const to = roomOf(target);
      if (to === from) continue;
      const toFloor = floorOf.get(to);
      if (toFloor === undefined) violations.push({ file, imports: specifier, problem: `folder ${to}/ is on no floor` });
      else if (toFloor === fromFloor) violations.push({ file, imports: specifier, problem: `${from}/ and ${to}/ share a floor: rooms beside each other stay independent` });
      else if (toFloor > fromFloor) violations.push({ file, imports: specifier, problem: `${from}/ (floor ${fromFloor}) imports ${to}/ (floor ${toFloor}), a floor above it` });
    }
  }
  return violations;
}

/** Every TypeScript module under `dir`, by its path relative to `dir` (with forward slashes). */
function sources(dir: string): Map<string, string> {
  const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".ts"));
  return new Map(files.map((file) => [file.split(path.sep).join("/"), readFileSync(path.join(dir, file), "utf8")]));
}

describe("import floors of packages/core/src", () => {
  it("every module imports only from its own folder or a lower floor", () => {
    const src = path.dirname(fileURLToPath(import.meta.url));
    const files = sources(src);
    expect(files.has("engine/engine.ts")).toBe(true); // the walk found the tree
    expect(floorViolations(files, FLOORS)).toEqual([]);
  });

  const fixture = (entries: Record<string, string>) => floorViolations(new Map(Object.entries(entries)), FLOORS);

  it("reports an import from a lower floor to a higher one", () => {
    expect(fixture({ "engine/engine.ts": 'import { memorize } from "../memorize/memorize.js";\n' })).toEqual([
      { file: "engine/engine.ts", imports: "../memorize/memorize.js", problem: "engine/ (floor 5) imports memorize/ (floor 6), a floor above it" },
    ]);
  });

  it("reports type-only imports, re-exports and dynamic imports as well", () => {
    const found = fixture({
      "models/model-session.ts": 'import type { UsageTracker } from "../engine/usage.js";\n',
      "memorize/media/video.ts": 'export * from "../../service/inputs.js";\n',
      "stores/embedded/rows.ts": 'const { createMemory } = await import("../../service/memory-service.js");\n',
    });
    expect(found.map((violation) => `${violation.file} -> ${violation.imports}`)).toEqual([
      "models/model-session.ts -> ../engine/usage.js",
      "memorize/media/video.ts -> ../../service/inputs.js",
      "stores/embedded/rows.ts -> ../../service/memory-service.js",
    ]);
  });

  it("reports an import between rooms on the same floor", () => {
    expect(fixture({ "retrieve/rag.ts": 'import { itemHash } from "../memorize/item-hash.js";\n' })).toEqual([
      { file: "retrieve/rag.ts", imports: "../memorize/item-hash.js", problem: "retrieve/ and memorize/ share a floor: rooms beside each other stay independent" },
    ]);
  });

  it("reports a folder that is on no floor, and an import that leaves src", () => {
    expect(fixture({ "jobs/queue.ts": 'import { newId } from "../util/ids.js";\n', "util/version.ts": 'import data from "../../package.json";\n' })).toEqual([
      { file: "jobs/queue.ts", imports: "", problem: "folder jobs/ is on no floor: add it to FLOORS" },
      { file: "util/version.ts", imports: "../../package.json", problem: "reaches outside src" },
    ]);
  });

  it("allows imports within a folder, down the floors, of packages, and anything from a test", () => {
    expect(
      fixture({
        "index.ts": 'export { createMemory } from "./service/memory-service.js";\n',
        "service/items.ts": 'import { z } from "zod";\nimport { readScope } from "../engine/engine.js";\nimport { scopedId } from "./scoped-id.js";\n',
        "memorize/media/video.ts": 'import { itemHash } from "../item-hash.js";\nimport { spawn } from "node:child_process";\n',
        "engine/engine.test.ts": 'import { createMemory } from "../service/memory-service.js";\n',
      }),
    ).toEqual([]);
  });
});
