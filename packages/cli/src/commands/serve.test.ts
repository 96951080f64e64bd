import { SqliteAccessStore } from "@memograph/core";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../dist/bin.js");
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

function start(args: string[], cwd: string): { child: ChildProcess; url: Promise<string>; stdout: () => string } {
  const env = { ...process.env };
  delete env.MEMOGRAPH_STORE;
  delete env.MEMOGRAPH_DIR;
  // The SIGTERM case needs a memorize that is still running, not a model's cost: the hashing embedder keeps it cheap.
  env.MEMOGRAPH_EMBEDDER = "hashing";
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let out = "";
  let err = "";
  child.stdout!.on("data", (chunk) => (out += chunk));
  const url = new Promise<string>((resolve, reject) => {
    child.stderr!.on("data", (chunk) => {
      err += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(err);
      if (match) resolve(match[1]!);
    });
    child.once("exit", (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
  });
  return { child, url, stdout: () => out };
}

describe("memograph serve", () => {
  it("serves on 127.0.0.1 with keys from the same store, logs requests without secrets, and on SIGTERM answers the request in flight, then exits 0", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "memograph-serve-"));
    const access = new SqliteAccessStore({ dir: path.join(dir, ".memograph") });
    await access.init();
    const { key } = await access.createKey({ role: "member", userId: "priya" });
    await access.close();

    const server = start(["serve", "--port", "0"], dir);
    const url = await server.url;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${url}/v1/me`)).status).toBe(401);
    const memorized = await fetch(`${url}/v1/memorize`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify({ content: "Priya bakes sourdough every Sunday." }) });
    expect(memorized.status).toBe(200);
    const items = (await (await fetch(`${url}/v1/items`, { headers: { "x-api-key": key } })).json()) as { items: { summary: string }[] };
    expect(items.items.map((item) => item.summary)).toContain("Priya bakes sourdough every Sunday.");

    // A long memorize is in flight when SIGTERM arrives: it is answered before the process exits.
    const document = Array.from({ length: 3000 }, (_, index) => `Paragraph ${index}: Priya tested beam ${index} for load case ${index % 17}.`).join("\n\n");
    const inFlight = fetch(`${url}/v1/memorize`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify({ content: document, modality: "document" }) });
    await new Promise((resolve) => setTimeout(resolve, 300));
    server.child.kill("SIGTERM");
    expect((await inFlight).status).toBe(200);
    const [code] = await once(server.child, "exit");
    expect(code).toBe(0);
    const log = server.stdout().trim().split("\n").map((line) => JSON.parse(line) as { path: string; status: number; keyId: string | null });
    expect(log.map((entry) => [entry.path, entry.status])).toEqual([
      ["/v1/me", 401],
      ["/v1/memorize", 200],
      ["/v1/items", 200],
      ["/v1/memorize", 200],
    ]);
    expect(log[1]!.keyId).toMatch(/^key_/);
    expect(server.stdout()).not.toContain(key);
  });

  it("prints its version", async () => {
    const child = spawn(process.execPath, [BIN, "--version"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
    expect(out.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("finishes quietly when its reader closes the pipe early (memograph items | head -1)", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "memograph-epipe-"));
    const seed = spawn(process.execPath, ["--input-type=module", "-e", `
      const { createMemory } = await import(${JSON.stringify(path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../core/dist/index.js"))});
      const memory = await createMemory({ dir: ${JSON.stringify(dir)} });
      for (let i = 0; i < 60; i++) await memory.createItem({ scope: { userId: "default" }, type: "knowledge", summary: "Fact number " + i + " " + "x".repeat(5000), categories: ["notes"] });
      await memory.close();
    `], { stdio: "inherit" });
    expect((await once(seed, "exit"))[0]).toBe(0);

    // The seed wrote with core's default (hashing) embedder; the CLI opens the store with the same.
    const child = spawn(process.execPath, [BIN, "items", "--dir", dir, "--limit", "100", "--json"], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, MEMOGRAPH_EMBEDDER: "hashing" } });
    let err = "";
    child.stderr.on("data", (chunk) => (err += chunk));
    // Read one chunk, then close the pipe as `head -1` does.
    await once(child.stdout, "data");
    child.stdout.destroy();
    const [code] = await once(child, "exit");
    expect(err).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  });

  it("serves the bundled dashboard at / and its routes, and none with --no-dashboard", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "memograph-serve-"));
    const server = start(["serve", "--port", "0"], dir);
    const url = await server.url;
    for (const route of ["/", "/memories/itm_x"]) {
      const page = await fetch(`${url}${route}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root"></div>');
    }
    server.child.kill("SIGTERM");
    await once(server.child, "exit");

    const bare = start(["serve", "--port", "0", "--no-dashboard"], dir);
    expect((await fetch(`${await bare.url}/`)).status).toBe(404);
  });
});
