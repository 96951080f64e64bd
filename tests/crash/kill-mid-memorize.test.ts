import { spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { createMemory } from "@memograph/core";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ESM helper shared with the child process
import { generatedConversation } from "./generated-conversation.mjs";

const LOOP = path.join(path.dirname(fileURLToPath(import.meta.url)), "memorize-loop.mjs");

interface Ack {
  index: number;
  resourceId: string;
  items: number;
}

/** Runs the memorize loop until it has acknowledged `acks` more resources, then kills it with SIGKILL. */
function runAndKill(dir: string, start: number, acks: number): Promise<Ack[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LOOP, dir, String(start)], { stdio: ["ignore", "pipe", "pipe"] });
    const seen: Ack[] = [];
    const ackTimes: number[] = [];
    let buffer = "";
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split("\n");
      buffer = lines.pop()!;
      for (const line of lines) {
        const [, index, resourceId, items] = line.split(" ");
        seen.push({ index: Number(index), resourceId: resourceId!, items: Number(items) });
        ackTimes.push(performance.now());
      }
      // Kill at a random point of the next memorize (its length measured from the previous ones), so over the
      // rounds the process dies during extraction, during the write and between the two.
      if (seen.length >= acks && !child.killed) {
        const interval = (ackTimes[ackTimes.length - 1]! - ackTimes[0]!) / Math.max(1, ackTimes.length - 1);
        setTimeout(() => child.kill("SIGKILL"), Math.random() * interval);
      }
    });
    child.on("exit", (_code, signal) => (signal === "SIGKILL" ? resolve(seen) : reject(new Error(`loop ended without being killed: ${stderr}`))));
  });
}

describe("crash safety of the embedded store", () => {
  it("keeps every acknowledged memorize complete and leaves no half-written resource after SIGKILL", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "memograph-crash-"));
    const acked: Ack[] = [];
    let next = 0;
    for (let round = 0; round < 10; round++) {
      const seen = await runAndKill(dir, next, 3);
      acked.push(...seen);
      // The killed memorize may or may not have committed; restart after it either way.
      next = seen[seen.length - 1]!.index + 2;
    }

    const db = new Database(path.join(dir, "memograph.db"), { readonly: true });
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    db.close();

    const memory = await createMemory({ dir });
    const reference = await createMemory();
    const scope = { userId: "crash" };
    for (const ack of acked) {
      const resource = await memory.getResource({ scope, id: ack.resourceId });
      expect(resource.uri).toBe(`gen://${ack.index}`);
      expect(await memory.store.itemsFromResource({ conditions: [{ key: "userId", values: ["crash"] }] }, ack.resourceId)).toHaveLength(ack.items);
    }
    // Every resource in the store, acknowledged or not, is complete: as many items as a clean memorize gives.
    const resources = (await memory.listResources({ scope, limit: 500 })).records;
    expect(resources.length).toBeGreaterThanOrEqual(acked.length);
    expect(resources.length).toBeLessThanOrEqual(acked.length + 10);
    for (const resource of resources) {
      const index = Number(resource.uri.replace("gen://", ""));
      const clean = await reference.memorize({ content: generatedConversation(index), uri: resource.uri, scope });
      const stored = await memory.store.itemsFromResource({ conditions: [{ key: "userId", values: ["crash"] }] }, resource.id);
      expect(stored).toHaveLength(clean.items.length);
    }
    await memory.close();
    await reference.close();
  });
});
