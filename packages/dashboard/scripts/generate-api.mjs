#!/usr/bin/env node
// Regenerates src/app/api/openapi.ts from the server's OpenAPI document.
//   node scripts/generate-api.mjs                        from a server created in process (needs `pnpm build`)
//   node scripts/generate-api.mjs http://127.0.0.1:8787  from a running server's /openapi.json
//   node scripts/generate-api.mjs --check                fails when the committed file differs from the server's
import { readFile, writeFile } from "node:fs/promises";
import { apiTypesSource, serverDocument } from "./api-types.mjs";

const args = process.argv.slice(2);
const check = args.includes("--check");
const url = args.find((arg) => !arg.startsWith("--"));
const target = new URL("../src/app/api/openapi.ts", import.meta.url);

const document = url === undefined ? await serverDocument() : await (await fetch(new URL("/openapi.json", url))).json();
const source = await apiTypesSource(document);
if (check) {
  const current = await readFile(target, "utf8");
  if (current !== source) {
    console.error("src/app/api/openapi.ts differs from the server's OpenAPI document: run `pnpm -C packages/dashboard run generate-api`");
    process.exit(1);
  }
} else {
  await writeFile(target, source);
  console.log(`wrote ${target.pathname}`);
}
