import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import neo4j, { type Driver } from "neo4j-driver";
import { HashingEmbedder, createMemory, reindexVectors } from "@memograph/core";
import { Neo4jStore } from "@memograph/neo4j";
import { runReindexContract } from "@memograph/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, launch, terminate } from "../../scripts/neo4j.mjs";

// A reindex re-embeds a whole database and changes its vector indexes: the shared test server's database is in use by
// every other Neo4j test at once, so this file runs a server of its own.
let pid: number | undefined;
let uri = "";
let driver: Driver;
const small = () => new HashingEmbedder({ dimensions: 96 });

beforeAll(async () => {
  const home = await mkdtemp(path.join(tmpdir(), "memograph-neo4j-reindex-"));
  const port = await freePort();
  pid = await launch({ port, home: path.join(home, "data"), logFile: path.join(home, "server.log") });
  uri = `bolt://127.0.0.1:${port}`;
  driver = neo4j.driver(uri, neo4j.auth.basic("neo4j", "x"));
}, 300_000);

afterAll(async () => {
  await driver?.close();
  if (pid !== undefined) await terminate(pid);
});

async function freshDatabase(): Promise<() => Neo4jStore> {
  await driver.executeQuery("MATCH (n) DETACH DELETE n");
  const indexes = await driver.executeQuery("SHOW INDEXES YIELD name, type WHERE type = 'VECTOR' RETURN name");
  for (const record of indexes.records) await driver.executeQuery(`DROP INDEX ${record.get("name") as string}`);
  return () => new Neo4jStore({ uri, user: "neo4j", password: "x" });
}

runReindexContract("Neo4j", { freshDatabase });

describe("Neo4j reindex interrupted while moving vectors over", () => {
  it("is completed by the next start with the new embedder, and refused with the old one", async () => {
    const open = await freshDatabase();
    const scope = { userId: "swap-user" };
    const first = await createMemory({ store: open(), embedder: new HashingEmbedder() });
    const item = await first.createItem({ scope, type: "profile", summary: "Sails a wooden dinghy on Lake Geneva", categories: ["hobbies"] });
    await first.close();
    // Every new vector written, then the swap recorded (its first step) and the process gone before moving them.
    const store = open();
    await store.init({ id: new HashingEmbedder().id, dimensions: 512 });
    await store.beginReindex({ id: small().id, dimensions: 96 });
    for (const target of ["item", "category", "resource"] as const) {
      const records = await store.reindexPending(target, null, 100);
      const vectors = await reindexVectors(small(), records, store);
      await store.writeReindexVectors(records.map((record, index) => ({ target, id: record.id, embedding: vectors[index]! })));
    }
    await driver.executeQuery("MATCH (m:MemographMeta {key: 'schema'}) SET m.embedderId = m.reindexEmbedderId, m.dimensions = m.reindexDimensions, m.reindexPhase = 'swapping'");
    await store.close();

    await expect(createMemory({ store: open(), embedder: new HashingEmbedder() })).rejects.toMatchObject({ code: "STORE_MISMATCH" });
    const memory = await createMemory({ store: open(), embedder: small(), fusionWeights: { vector: 1, text: 0 } });
    expect((await memory.retrieve({ query: "wooden dinghy sailing", scope })).items[0]?.id).toBe(item.id);
    const left = await driver.executeQuery("MATCH (n) WHERE n.reindexEmbedding IS NOT NULL RETURN count(n) AS n");
    expect(neo4j.integer.toNumber(left.records[0]!.get("n"))).toBe(0);
    const dims = await driver.executeQuery("SHOW INDEXES YIELD name, type, options WHERE type = 'VECTOR' RETURN DISTINCT options.indexConfig['vector.dimensions'] AS d");
    expect(dims.records.map((record) => neo4j.integer.toNumber(record.get("d")))).toEqual([96]);
    await memory.close();
  });
});
