import { mkdir, mkdtemp, symlink, writeFile } from "node:fs/promises";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SafeResourceLoader } from "./safe-resource-loader.js";

describe("SafeResourceLoader", () => {
  let root: string;
  let outside: string;
  let server: Server;
  let base: string;
  const stalled: ServerResponse[] = [];

  beforeAll(async () => {
    const top = await mkdtemp(path.join(tmpdir(), "memograph-loader-"));
    root = path.join(top, "root");
    outside = path.join(top, "secret.txt");
    await mkdir(root);
    await writeFile(path.join(root, "notes.txt"), "inside");
    await writeFile(outside, "top secret");
    await symlink(outside, path.join(root, "link-out.txt"));
    server = createServer((request, response) => {
      if (request.url === "/ok") response.end("fetched");
      else if (request.url === "/big") response.end("x".repeat(5000));
      else if (request.url === "/slow") {
        // Headers and a first chunk at once, then nothing: a body that never completes.
        response.writeHead(200, { "content-type": "text/plain" });
        response.write("a first chunk ");
        stalled.push(response);
      } else if (request.url === "/hop") response.writeHead(302, { location: "/ok" }).end();
      else if (request.url === "/escape") response.writeHead(302, { location: `http://localhost:${(server.address() as AddressInfo).port}/ok` }).end();
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    for (const response of stalled) response.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const loader = () => new SafeResourceLoader({ roots: [root], allowedHosts: ["127.0.0.1"], maxBytes: 1000 });

  it("reads a file inside a root", async () => {
    const loaded = await loader().load({ uri: path.join(root, "notes.txt") });
    expect(Buffer.from(loaded.bytes).toString()).toBe("inside");
  });

  it("refuses paths that leave the roots, by .. or by symlink", async () => {
    await expect(loader().load({ uri: path.join(root, "..", "secret.txt") })).rejects.toMatchObject({ code: "RESOURCE_REFUSED", field: "uri" });
    await expect(loader().load({ uri: path.join(root, "link-out.txt") })).rejects.toMatchObject({ code: "RESOURCE_REFUSED" });
    await expect(loader().load({ uri: `file://${outside}` })).rejects.toMatchObject({ code: "RESOURCE_REFUSED" });
    await expect(new SafeResourceLoader().load({ uri: path.join(root, "notes.txt") })).rejects.toThrow(/no root folder is allowed/);
  });

  it("reports a missing file as unreadable", async () => {
    await expect(loader().load({ uri: path.join(root, "nope.txt") })).rejects.toMatchObject({ code: "RESOURCE_UNREADABLE", message: expect.stringContaining("no such file") });
  });

  it("answers a missing file outside the roots as it answers an existing one, so nothing tells which exist", async () => {
    const refusal = (uri: string) => loader().load({ uri }).catch((error: unknown) => ({ code: (error as { code: string }).code, message: (error as Error).message.replace(uri, "<path>") }));
    const existing = await refusal(outside);
    expect(existing).toMatchObject({ code: "RESOURCE_REFUSED" });
    expect(await refusal(path.join(path.dirname(outside), "no-such-file.txt"))).toEqual(existing);
  });

  it("fetches from allowed hosts only, checking every redirect hop", async () => {
    expect(Buffer.from((await loader().load({ uri: `${base}/ok` })).bytes).toString()).toBe("fetched");
    expect(Buffer.from((await loader().load({ uri: `${base}/hop` })).bytes).toString()).toBe("fetched");
    await expect(loader().load({ uri: `${base}/escape` })).rejects.toThrow(/host localhost is not in the allowed hosts/);
    await expect(new SafeResourceLoader({ roots: [root] }).load({ uri: `${base}/ok` })).rejects.toMatchObject({ code: "RESOURCE_REFUSED" });
    await expect(loader().load({ uri: `${base}/missing` })).rejects.toMatchObject({ code: "RESOURCE_UNREADABLE", message: expect.stringContaining("HTTP 404") });
  });

  it("refuses content over the size limit, from files and from URLs", async () => {
    await writeFile(path.join(root, "big.txt"), "x".repeat(1001));
    await expect(loader().load({ uri: path.join(root, "big.txt") })).rejects.toThrow(/1001 bytes is over the limit of 1000/);
    await expect(loader().load({ uri: `${base}/big` })).rejects.toThrow(/over the limit of 1000/);
  });

  it("refuses other schemes", async () => {
    await expect(loader().load({ uri: "gopher://127.0.0.1/x" })).rejects.toMatchObject({ code: "RESOURCE_REFUSED" });
  });

  it("reports malformed and foreign references, and a body that never completes, as typed errors naming the uri", async () => {
    await expect(loader().load({ uri: "http://[" })).rejects.toMatchObject({ code: "RESOURCE_UNREADABLE", field: "uri", message: expect.stringContaining("not a valid URL") });
    await expect(loader().load({ uri: "file://otherhost/etc/passwd" })).rejects.toMatchObject({ code: "RESOURCE_REFUSED", field: "uri", message: expect.stringContaining("file URLs of this machine") });
    const impatient = new SafeResourceLoader({ allowedHosts: ["127.0.0.1"], timeoutMs: 300 });
    await expect(impatient.load({ uri: `${base}/slow` })).rejects.toMatchObject({ code: "RESOURCE_UNREADABLE", field: "uri", message: expect.stringContaining("no complete body within 300 ms") });
  });
});
