import { randomUUID } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { openEmbeddedServerState, type ApiKeyRecord } from "@memograph/core";
import { openNeo4jServerState } from "@memograph/neo4j";
import { describe, expect, it } from "vitest";
import { EXIT, type CliIo } from "../io.js";
import { run } from "../program.js";

async function cli(args: string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), interactive: false, env, cwd };
  const code = await run(args, io);
  return { code, stdout, stderr };
}

describe("memograph keys (embedded)", () => {
  it("creates a key shown once, lists keys without secrets and revokes them, on the store a running server has open", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "memograph-keys-"));
    // The server's own connection stays open throughout: the CLI works beside it.
    const server = await openEmbeddedServerState({ dir });

    const admin = await cli(["keys", "create", "--role", "admin", "--name", "ops", "--dir", dir, "--json"], dir);
    expect(admin.code).toBe(EXIT.ok);
    const created = JSON.parse(admin.stdout) as { id: string; key: string; record: ApiKeyRecord };
    expect(created).toMatchObject({ id: expect.stringMatching(/^key_/), key: expect.stringMatching(/^mg_/), record: { role: "admin", name: "ops" } });
    expect(await server.access.authenticate(created.key)).toMatchObject({ id: created.id, role: "admin" });

    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const member = await cli(["keys", "create", "--role", "member", "--user", "ann", "--read-only", "--expires", expiresAt, "--dir", dir], dir);
    expect(member.code).toBe(EXIT.ok);
    const secret = /^ {2}(mg_\S+)$/m.exec(member.stdout)?.[1];
    expect(member.stdout).toContain("member of ann  read-only  active until");
    expect(member.stdout).toContain("This key is shown once");
    expect(await server.access.authenticate(secret!)).toMatchObject({ role: "member", userId: "ann", readOnly: true, expiresAt });

    const listed = await cli(["keys", "list", "--dir", dir], dir);
    expect(listed.stdout.trim().split("\n")).toHaveLength(2);
    expect(listed.stdout).not.toContain(created.key);
    expect(listed.stdout).not.toContain(secret);
    const listedJson = JSON.parse((await cli(["keys", "list", "--dir", dir, "--json"], dir)).stdout) as ApiKeyRecord[];
    expect(listedJson.map((key) => key.id)).toEqual([created.id, (await server.access.listKeys())[1]!.id]);
    expect(JSON.stringify(listedJson)).not.toContain("mg_");

    const revoked = await cli(["keys", "revoke", created.id, "--dir", dir], dir);
    expect(revoked.code).toBe(EXIT.ok);
    expect(revoked.stdout).toMatch(new RegExp(`^Revoked ${created.id}  admin  read-write  revoked `));
    expect(await server.access.authenticate(created.key)).toBeNull();
    expect(await server.access.authenticate(secret!)).not.toBeNull();
    await server.close();
  });

  it("refuses bad requests with exit 2 and a typed error, creating nothing", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "memograph-keys-"));
    const cases: { args: string[]; code: string; field?: string }[] = [
      { args: ["keys", "create", "--role", "member"], code: "VALIDATION", field: "userId" },
      { args: ["keys", "create", "--role", "admin", "--user", "ann"], code: "VALIDATION", field: "userId" },
      { args: ["keys", "create", "--role", "member", "--user", "ann", "--expires", "next week"], code: "VALIDATION", field: "expiresAt" },
      { args: ["keys", "create", "--role", "member", "--user", "ann", "--expires", "2001-01-01T00:00:00Z"], code: "VALIDATION", field: "expiresAt" },
      { args: ["keys", "revoke", "key_unknown"], code: "NOT_FOUND", field: "id" },
    ];
    for (const { args, code, field } of cases) {
      const result = await cli([...args, "--dir", dir, "--json"], dir);
      expect(result.code, args.join(" ")).toBe(EXIT.badInput);
      expect(JSON.parse(result.stderr)).toMatchObject({ error: { code, ...(field ? { field } : {}) } });
    }
    for (const args of [["keys", "create"], ["keys", "create", "--role", "owner"]]) {
      const result = await cli([...args, "--dir", dir], dir);
      expect(result.code).toBe(EXIT.badInput);
      expect(result.stderr).toMatch(/--role/);
    }
    expect((await cli(["keys", "list", "--dir", dir], dir)).stdout).toContain("No keys yet");
  });
});

describe("memograph keys (Neo4j)", () => {
  it("works on the Neo4j keys of the namespace a server uses", async () => {
    if (!process.env.NEO4J_URI) throw new Error("NEO4J_URI is not set: run the tests through `pnpm test`, or start Neo4j with `pnpm neo4j:start`");
    const namespace = `test-${randomUUID()}`;
    const env = { NEO4J_URI: process.env.NEO4J_URI, NEO4J_USER: process.env.NEO4J_USER, NEO4J_PASSWORD: process.env.NEO4J_PASSWORD, MEMOGRAPH_NAMESPACE: namespace };
    const server = await openNeo4jServerState({ namespace });
    const created = await cli(["keys", "create", "--role", "member", "--user", "bob", "--store", "neo4j", "--json"], tmpdir(), env);
    expect(created.code).toBe(EXIT.ok);
    const { id, key } = JSON.parse(created.stdout) as { id: string; key: string };
    expect(await server.access.authenticate(key)).toMatchObject({ id, userId: "bob" });
    expect(JSON.parse((await cli(["keys", "list", "--store", "neo4j", "--json"], tmpdir(), env)).stdout)).toEqual([expect.objectContaining({ id })]);
    expect((await cli(["keys", "revoke", id, "--store", "neo4j"], tmpdir(), env)).code).toBe(EXIT.ok);
    expect(await server.access.authenticate(key)).toBeNull();
    await server.close();
  });
});
