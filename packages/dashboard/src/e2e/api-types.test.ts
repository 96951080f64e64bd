import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { apiTypesSource, serverDocument } from "../../scripts/api-types.mjs";

describe("the dashboard's API types", () => {
  it("are generated from the server's own OpenAPI document, so the client cannot drift from the server", async () => {
    const committed = await readFile(new URL("../app/api/openapi.ts", import.meta.url), "utf8");
    expect(committed).toBe(await apiTypesSource(await serverDocument()));
  });
});
