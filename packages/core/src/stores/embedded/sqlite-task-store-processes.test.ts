import { execFile } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { SqliteTaskStore } from "./sqlite-task-store.js";

// The child processes run the built core: `pnpm build` first (as `pnpm test` does).
const CLAIM_LOOP = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "claim-loop.mjs");
const run = promisify(execFile);

describe("SqliteTaskStore across processes", () => {
  it("four processes claiming from one database file at once take every task exactly once", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "memograph-claims-"));
    const store = new SqliteTaskStore({ dir });
    await store.init();
    const total = 200;
    const ids = new Set<string>();
    for (let index = 0; index < total; index++) ids.add((await store.enqueue({ kind: "memorize", scope: { userId: `u${index % 7}` }, input: { index } })).task.id);
    const owners = ["p1", "p2", "p3", "p4"];
    const outputs = await Promise.all(owners.map((owner) => run(process.execPath, [CLAIM_LOOP, dir, owner, String(owners.length)])));
    const claimed = outputs.map((output) => JSON.parse(output.stdout) as string[]);
    const all = claimed.flat();
    expect(all).toHaveLength(total);
    expect(new Set(all)).toEqual(ids);
    // The processes really overlapped: more than one of them took tasks.
    expect(claimed.filter((list) => list.length > 0).length).toBeGreaterThan(1);
    expect(await store.counts(null)).toEqual({ pending: 0, running: 0, succeeded: total, failed: 0 });
    await store.close();
  });
});
