import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import type { Item } from "../model/index.js";
import type { PartitionUsage } from "../ports/index.js";
import type { MemoryService } from "../service/memory-service.js";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Contract cases for the reads an administrator makes across scopes (issue 18): the list of users with their scopes
 * and counts, retrieve over every scope, and items by creation time. Run by runStoreContract.
 */
export function runAcrossScopesContract(memory: () => MemoryService): void {
  it("lists the users holding memories in order, a page at a time, each with its exact scopes and their counts", async () => {
    const run = `ls-${randomUUID()}`;
    const [ana, ben, cleo] = [`${run}-ana`, `${run}-ben`, `${run}-cleo`];
    await memory().memorize({ content: "I grow tomatoes on my balcony.\nI run every morning.", modality: "document", scope: { userId: ana, agentId: "coach" } });
    await memory().createItem({ scope: { userId: ana, agentId: "chef" }, type: "knowledge", summary: "Ana is allergic to peanuts" });
    await memory().createItem({ scope: { userId: ben }, type: "knowledge", summary: "Ben plays the cello" });
    const superseded = await memory().createItem({ scope: { userId: cleo }, type: "knowledge", summary: "Cleo lives in Porto" });
    const by = await memory().createItem({ scope: { userId: cleo }, type: "knowledge", summary: "Cleo lives in Lisbon" });
    await memory().supersedeItem({ scope: { userId: cleo }, id: superseded.id, by: by.id });

    const seen: PartitionUsage[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await memory().listScopes({ prefix: run, limit: 2, ...(cursor === undefined ? {} : { cursor }) });
      expect(page.key).toBe("userId");
      seen.push(...page.records);
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor !== undefined);
    expect(pages).toBe(2);
    expect(seen.map((user) => user.value)).toEqual([ana, ben, cleo]);

    const [anaUsage, benUsage, cleoUsage] = seen;
    const anaCategories = await memory().listCategories({ scope: { userId: ana } });
    const coachItems = (await memory().listItems({ scope: { userId: ana, agentId: "coach" } })).records;
    expect(anaUsage!.scopes.map((scope) => scope.scope)).toEqual(expect.arrayContaining([{ userId: ana, agentId: "coach" }, { userId: ana, agentId: "chef" }]));
    expect(anaUsage!.scopes).toHaveLength(2);
    const coach = anaUsage!.scopes.find((scope) => scope.scope.agentId === "coach")!;
    expect(coach).toMatchObject({ items: coachItems.length, resources: 1 });
    expect(anaUsage).toMatchObject({ items: coachItems.length + 1, resources: 1, categories: anaCategories.length });
    expect(benUsage).toMatchObject({ value: ben, items: 1, resources: 0, scopes: [{ scope: { userId: ben }, items: 1, resources: 0 }] });
    // Superseded versions are stored memories too.
    expect(cleoUsage).toMatchObject({ value: cleo, items: 2 });

    await memory().forget({ scope: { userId: ben } });
    expect((await memory().listScopes({ prefix: run })).records.map((user) => user.value)).toEqual([ana, cleo]);
    expect((await memory().listScopes({ prefix: `${run}-nobody` })).records).toEqual([]);
    await expect(memory().listScopes({ limit: 0 })).rejects.toMatchObject({ code: "VALIDATION", field: "limit" });
    await expect(memory().listScopes({ cursor: "not-a-cursor" })).rejects.toMatchObject({ code: "VALIDATION", field: "cursor" });
  });

  it("retrieves across every scope only when asked, each hit naming whose it is; where still narrows", async () => {
    const word = `quokka${randomUUID().replace(/[^a-f]/g, "")}`;
    const [ana, ben] = [`x-${randomUUID()}`, `x-${randomUUID()}`];
    await memory().memorize({ content: `Ana photographed a ${word} on Rottnest Island.`, modality: "document", scope: { userId: ana } });
    await memory().createItem({ scope: { userId: ben, agentId: "guide" }, type: "knowledge", summary: `Ben wants to see a ${word} next spring` });

    const own = await memory().retrieve({ query: word, scope: { userId: ana } });
    expect(own.items.length).toBeGreaterThan(0);
    expect(own.items.every((item) => item.scope.userId === ana)).toBe(true);

    const all = await memory().retrieveAcrossScopes({ query: word, topK: 5 });
    const owners = new Set(all.items.filter((item) => item.summary.includes(word)).map((item) => item.scope.userId));
    expect(owners).toEqual(new Set([ana, ben]));
    expect(all.items.find((item) => item.scope.userId === ben)!.scope).toEqual({ userId: ben, agentId: "guide" });
    expect(all.resources.find((resource) => resource.scope.userId === ana)).toBeDefined();

    const narrowed = await memory().retrieveAcrossScopes({ query: word, where: { userId__in: [ben] } });
    expect(narrowed.items.length).toBeGreaterThan(0);
    expect(narrowed.items.every((item) => item.scope.userId === ben)).toBe(true);
    await expect(memory().retrieveAcrossScopes({ query: word, scope: { userId: ana } } as never)).rejects.toMatchObject({ code: "VALIDATION", field: "scope" });
  });

  it("lists items created in a time range, half-open and paged, and refuses a range that is not one", async () => {
    const scope = { userId: `t-${randomUUID()}` };
    const made: Item[] = [];
    for (let index = 0; index < 5; index++) {
      made.push(await memory().createItem({ scope, type: "knowledge", summary: `Timed fact ${index}` }));
      await pause(3);
    }
    const ids = (items: readonly Item[]) => items.map((item) => item.id);
    const from = made[1]!.createdAt;
    const to = made[4]!.createdAt;
    expect(ids((await memory().listItems({ scope, createdFrom: from })).records)).toEqual(ids(made.slice(1)));
    expect(ids((await memory().listItems({ scope, createdTo: to })).records)).toEqual(ids(made.slice(0, 4)));
    // The same instant in another offset selects the same items; pages keep to the range.
    const offset = new Date(Date.parse(from) + 2 * 3_600_000).toISOString().replace("Z", "+02:00");
    const first = await memory().listItems({ scope, createdFrom: offset, createdTo: to, limit: 2 });
    expect(ids(first.records)).toEqual(ids(made.slice(1, 3)));
    const second = await memory().listItems({ scope, createdFrom: offset, createdTo: to, limit: 2, cursor: first.nextCursor! });
    expect(ids(second.records)).toEqual(ids(made.slice(3, 4)));
    expect(second.nextCursor).toBeNull();
    expect((await memory().listItems({ scope, createdFrom: "2999-01-01" })).records).toEqual([]);
    await expect(memory().listItems({ scope, createdFrom: "last tuesday" })).rejects.toMatchObject({ code: "VALIDATION", field: "createdFrom" });
    await expect(memory().listItems({ scope, createdFrom: to, createdTo: from })).rejects.toMatchObject({ code: "VALIDATION", field: "createdTo" });
  });

  it("retrieves only items created in a time range", async () => {
    const scope = { userId: `t-${randomUUID()}` };
    const made: Item[] = [];
    for (let index = 0; index < 4; index++) {
      made.push(await memory().createItem({ scope, type: "knowledge", summary: `Quillwort sighting number ${index} by the lake`, categories: ["experiences"] }));
      await pause(3);
    }
    const found = async (range: { createdFrom?: string; createdTo?: string }) =>
      (await memory().retrieve({ scope, query: "quillwort sighting lake", topK: { items: 10, categories: 3, resources: 1 }, ...range })).items.map((item) => item.id).sort();
    expect(await found({})).toEqual(made.map((item) => item.id).sort());
    expect(await found({ createdFrom: made[1]!.createdAt, createdTo: made[3]!.createdAt })).toEqual([made[1]!.id, made[2]!.id].sort());
    expect(await found({ createdFrom: "2999-01-01" })).toEqual([]);
    await expect(memory().retrieve({ scope, query: "quillwort", createdFrom: made[3]!.createdAt, createdTo: made[0]!.createdAt })).rejects.toMatchObject({ code: "VALIDATION", field: "createdTo" });
  });

  it("lists and retrieves only the items of named categories, paged, in the reader's scopes only", async () => {
    const userId = `c-${randomUUID()}`;
    const scope = { userId };
    const agentScope = { userId, agentId: "helper" };
    const hobbies: Item[] = [];
    for (let index = 0; index < 5; index++) hobbies.push(await memory().createItem({ scope: index % 2 === 0 ? scope : agentScope, type: "knowledge", summary: `Knits scarf number ${index} in the evening`, categories: ["experiences"] }));
    const work = await memory().createItem({ scope, type: "knowledge", summary: "Knits scarves for a living at the evening market", categories: ["work_life"] });
    const ids = (items: readonly Item[]) => items.map((item) => item.id).sort();
    const first = await memory().listItems({ scope, categories: ["experiences"], limit: 3 });
    expect(first.records).toHaveLength(3);
    const rest = await memory().listItems({ scope, categories: ["experiences"], limit: 3, cursor: first.nextCursor! });
    expect(rest.nextCursor).toBeNull();
    expect(ids([...first.records, ...rest.records])).toEqual(ids(hobbies));
    expect(ids((await memory().listItems({ scope, categories: ["work_life", "experiences"] })).records)).toEqual(ids([...hobbies, work]));
    // The agent's own view: its items of the category only.
    expect(ids((await memory().listItems({ scope: agentScope, categories: ["experiences"] })).records)).toEqual(ids(hobbies.filter((item) => item.scope.agentId === "helper")));
    const found = await memory().retrieve({ scope, query: "knits scarf evening", categories: ["work_life"], topK: { items: 10, categories: 1, resources: 1 } });
    expect(found.items.map((item) => item.id)).toEqual([work.id]);
    expect((await memory().listItems({ scope: { userId: `other-${randomUUID()}` }, categories: ["experiences"] })).records).toEqual([]);
    await expect(memory().listItems({ scope, categories: [] })).rejects.toMatchObject({ code: "VALIDATION", field: "categories" });
  });
}
