import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createMemory } from "../../service/memory-service.js";

/** Every place the store keeps bytes: the database and its write-ahead log. */
function storeBytes(dir: string): Buffer {
  return Buffer.concat(["memograph.db", "memograph.db-wal"].map((name) => path.join(dir, name)).filter(existsSync).map((file) => readFileSync(file)));
}

describe("erasure in the embedded store", () => {
  it("forget(scope) leaves none of the scope's text or scope values in the database file or its WAL", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "memograph-erasure-"));
    const memory = await createMemory({ dir });
    const secret = `quokka${randomUUID().slice(0, 8)}`;
    const gone = { userId: `gone-${randomUUID()}` };
    const kept = { userId: `kept-${randomUUID()}` };
    try {
      await memory.memorize({
        content: [
          { role: "user", content: `My locker code is ${secret} and my bank is Northwind.` },
          { role: "assistant", content: "Noted." },
          { role: "user", content: `I adopted a beagle called ${secret}-dog last week.` },
        ],
        scope: gone,
      });
      await memory.createItem({ scope: gone, type: "profile", summary: `Left-handed, password hint ${secret}` });
      await memory.memorize({ content: "I keep bees on the roof.", modality: "document", scope: kept });
      expect(storeBytes(dir).includes(secret)).toBe(true);

      await memory.forget({ scope: gone });
      // While the store is still open, as a server's would be.
      const bytes = storeBytes(dir);
      expect(bytes.includes(secret)).toBe(false);
      expect(bytes.includes(gone.userId)).toBe(false);
      expect(bytes.includes("Northwind")).toBe(false);
      expect((await memory.listItems({ scope: kept })).records).toHaveLength(1);
    } finally {
      await memory.close();
    }
    expect(storeBytes(dir).includes(secret)).toBe(false);
  });
});
