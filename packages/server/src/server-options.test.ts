import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { RequestLogEntry } from "./http/request-log.js";
import { startHarness, type Harness } from "./test-support/harness.js";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe("server options", () => {
  it("limits requests per key: 429 with Retry-After once the window's budget is spent, other keys unaffected", async () => {
    harness = await startHarness({ server: { rateLimit: { requests: 3, windowMs: 60_000 } } });
    const h = harness;
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await h.call("GET", "/v1/me", { key: h.keys.alice })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await h.call("GET", "/v1/me", { key: h.keys.alice });
    expect(limited.body.code).toBe("RATE_LIMITED");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await h.call("GET", "/v1/me", { key: h.keys.bob })).status).toBe(200);
  });

  it("sends no CORS headers unless origins are configured, then only for those origins", async () => {
    harness = await startHarness();
    const closed = await fetch(`${harness.url}/v1/me`, { method: "OPTIONS", headers: { origin: "https://evil.example", "access-control-request-method": "GET" } });
    expect(closed.headers.get("access-control-allow-origin")).toBeNull();
    await harness.close();

    harness = await startHarness({ server: { corsOrigins: ["https://app.example"] } });
    const allowed = await fetch(`${harness.url}/v1/me`, { method: "OPTIONS", headers: { origin: "https://app.example", "access-control-request-method": "GET", "access-control-request-headers": "authorization" } });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://app.example");
    const other = await fetch(`${harness.url}/v1/me`, { method: "OPTIONS", headers: { origin: "https://evil.example", "access-control-request-method": "GET" } });
    expect(other.headers.get("access-control-allow-origin")).not.toBe("https://evil.example");
  });

  it("serves a dashboard's files at / with index.html for client routes, never a file outside its folder, and never shadows the API", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "memograph-dashboard-"));
    await mkdir(path.join(dir, "assets"));
    await writeFile(path.join(dir, "index.html"), "<!doctype html><title>dashboard</title>");
    await writeFile(path.join(dir, "assets", "app.js"), "console.log('app')");
    await writeFile(path.join(path.dirname(dir), "secret.txt"), "outside");
    harness = await startHarness({ server: { dashboardDir: dir } });
    const get = (pathname: string) => fetch(`${harness!.url}${pathname}`);

    expect(await (await get("/")).text()).toContain("<title>dashboard</title>");
    const script = await get("/assets/app.js");
    expect(script.headers.get("content-type")).toMatch(/javascript/);
    expect(await (await get("/items/itm_123")).text()).toContain("<title>dashboard</title>");
    for (const escape of ["/../secret.txt", "/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt"]) expect(await (await get(escape)).text()).not.toContain("outside");
    expect((await get("/v1/items")).status).toBe(401);
    expect((await get("/health")).status).toBe(200);
  });

  it("logs one entry per request with the key's id, never the secret or the query string", async () => {
    const entries: RequestLogEntry[] = [];
    harness = await startHarness({ server: { log: (entry) => entries.push(entry) } });
    await harness.call("GET", `/v1/items?userId=${harness.users.alice}`, { key: harness.keys.alice });
    await harness.call("GET", "/v1/items", { key: "mg_not_a_key" });
    expect(entries.map((entry) => [entry.method, entry.path, entry.status])).toEqual([
      ["GET", "/v1/items", 200],
      ["GET", "/v1/items", 401],
    ]);
    expect(entries[0]!.keyId).toMatch(/^key_/);
    expect(entries[1]).toMatchObject({ keyId: null, code: "UNAUTHORIZED" });
    expect(JSON.stringify(entries)).not.toContain(harness.keys.alice);
    expect(JSON.stringify(entries)).not.toContain("mg_not_a_key");
  });

  it("refuses options it cannot use with a typed error", async () => {
    const { createServer } = await import("./server.js");
    const { createMemory, openEmbeddedServerState } = await import("@memograph/core");
    const memory = await createMemory();
    const state = await openEmbeddedServerState();
    expect(() => createServer(memory, { access: state.access, tasks: state.tasks, bodyLimitBytes: 10 })).toThrow(expect.objectContaining({ code: "VALIDATION", field: "bodyLimitBytes" }));
    await state.close();
    await memory.close();
  });
});
