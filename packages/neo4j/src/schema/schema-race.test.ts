import { StoreFailureError } from "@memograph/core";
import { describe, expect, it } from "vitest";
import { withSchemaRetries } from "./schema-race.js";

const lost = () => Object.assign(new Error("An equivalent index already exists"), { code: "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists" });

describe("withSchemaRetries", () => {
  it("runs the schema work again after it lost a race with another process, raw or wrapped", async () => {
    for (const failure of [lost(), new StoreFailureError("Neo4j failed to create the constraints", { cause: lost() })]) {
      let calls = 0;
      const result = await withSchemaRetries(async () => {
        calls++;
        if (calls < 3) throw failure;
        return "done";
      });
      expect([result, calls]).toEqual(["done", 3]);
    }
  });

  it("gives up after its passes, and never retries an error that is not about the schema", async () => {
    let calls = 0;
    await expect(withSchemaRetries(async () => {
      calls++;
      throw lost();
    }, 3)).rejects.toMatchObject({ code: "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists" });
    expect(calls).toBe(3);
    calls = 0;
    await expect(withSchemaRetries(async () => {
      calls++;
      throw Object.assign(new Error("no"), { code: "Neo.ClientError.Security.Unauthorized" });
    })).rejects.toThrow("no");
    expect(calls).toBe(1);
  });
});
