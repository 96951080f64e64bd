import { randomUUID } from "node:crypto";
import { createMemory, NotFoundError, ValidationError, type MemoryService } from "@memograph/core";
import { Neo4jStore } from "@memograph/neo4j";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { neo4jEnv } from "./neo4j/require-neo4j.js";

const stores = { embedded: () => createMemory(), neo4j: () => createMemory({ store: new Neo4jStore(neo4jEnv()) }) };

describe.each(Object.keys(stores) as (keyof typeof stores)[])("MemoryService.supersedeItem (%s store)", (kind) => {
  const scope = { userId: `ana-${randomUUID()}` };
  const other = { userId: `bo-${randomUUID()}` };
  let memory: MemoryService;
  beforeEach(async () => {
    memory = await stores[kind]();
  });
  afterEach(async () => {
    // Unset when opening the store failed: that failure is the one to report.
    if ((memory as MemoryService | undefined) === undefined) return;
    await memory.forget({ scope });
    await memory.forget({ scope: other });
    await memory.close();
  });

  const two = async () => {
    const old = await memory.createItem({ scope, type: "skill", summary: "Retry deploys with a 120 s timeout.", categories: ["knowledge"] });
    const by = await memory.createItem({ scope, type: "skill", summary: "Retry deploys with cache warm-up.", categories: ["knowledge"] });
    return { old, by };
  };

  it("keeps the old item as linked history, out of default results and category summaries", async () => {
    const { old, by } = await two();
    const result = await memory.supersedeItem({ scope, id: old.id, by: by.id });
    expect(result.superseded).toMatchObject({ id: old.id, status: "superseded", metadata: { supersededBy: by.id } });
    expect(result.by).toMatchObject({ id: by.id, status: "active", metadata: { supersedes: old.id } });
    expect((await memory.listItems({ scope })).records.map((item) => item.id)).toEqual([by.id]);
    expect((await memory.listItems({ scope, status: "superseded" })).records.map((item) => item.id)).toEqual([old.id]);
    // The link is history too: walked from either version.
    for (const id of [old.id, by.id]) expect((await memory.history({ scope, id })).versions.map((version) => version.item.id)).toEqual([old.id, by.id]);
    const hits = await memory.retrieve({ scope, query: "retry deploys timeout" });
    expect(hits.items.map((hit) => hit.id)).toEqual([by.id]);
    const [knowledge] = (await memory.listCategories({ scope })).filter((category) => category.name === "knowledge");
    expect(knowledge!.summary).toContain("cache warm-up");
    expect(knowledge!.summary).not.toContain("120 s");
  });

  it("is idempotent for the same pair, and refuses a second successor", async () => {
    const { old, by } = await two();
    await memory.supersedeItem({ scope, id: old.id, by: by.id });
    const again = await memory.supersedeItem({ scope, id: old.id, by: by.id });
    expect(again.superseded.metadata.supersededBy).toBe(by.id);
    const third = await memory.createItem({ scope, type: "skill", summary: "Retry deploys twice.", categories: ["knowledge"] });
    await expect(memory.supersedeItem({ scope, id: old.id, by: third.id })).rejects.toMatchObject({ code: "VALIDATION", field: "id" });
    await expect(memory.supersedeItem({ scope, id: third.id, by: old.id })).rejects.toMatchObject({ code: "VALIDATION", field: "by" });
  });

  it("refuses an item superseding itself, and never reaches another user's items", async () => {
    const { old } = await two();
    await expect(memory.supersedeItem({ scope, id: old.id, by: old.id })).rejects.toBeInstanceOf(ValidationError);
    const theirs = await memory.createItem({ scope: other, type: "skill", summary: "Bo's own lesson.", categories: ["knowledge"] });
    await expect(memory.supersedeItem({ scope, id: theirs.id, by: old.id })).rejects.toBeInstanceOf(NotFoundError);
    await expect(memory.supersedeItem({ scope, id: old.id, by: theirs.id })).rejects.toBeInstanceOf(NotFoundError);
    expect((await memory.getItem({ scope: other, id: theirs.id })).status).toBe("active");
    expect((await memory.getItem({ scope, id: old.id })).status).toBe("active");
  });
});
