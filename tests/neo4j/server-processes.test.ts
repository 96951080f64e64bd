import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ServerState, TaskRecord } from "@memograph/core";
import { openNeo4jServerState } from "@memograph/neo4j";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { neo4jEnv } from "./require-neo4j.js";

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../packages/cli/dist/bin.js");
const namespace = `procs-${randomUUID().slice(0, 8)}`;
const user = `u-${namespace}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const children: ChildProcess[] = [];
let state: ServerState;
let key: string;
let cwd: string;

/** A `memograph serve --store neo4j` process of this run's namespace; resolves with its URL once it listens. */
async function serve(...args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const { uri, user: neo4jUser, password } = neo4jEnv();
  // The test database is shared by every Neo4j test and built with core's default (hashing) embedder: the CLI uses it too.
  const env = { ...process.env, NEO4J_URI: uri, NEO4J_USER: neo4jUser, NEO4J_PASSWORD: password, MEMOGRAPH_NAMESPACE: namespace, MEMOGRAPH_EMBEDDER: "hashing" };
  const child = spawn(process.execPath, [BIN, "serve", "--store", "neo4j", "--provider", "offline", "--port", "0", "--rate-limit", "0", ...args], { cwd, env, stdio: ["ignore", "ignore", "pipe"] });
  children.push(child);
  let err = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on("data", (chunk) => {
      err += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(err);
      if (match) resolve(match[1]!);
    });
    child.once("exit", (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
  });
  return { child, url };
}

const conversation = (index: number) =>
  Array.from({ length: 16 }, (_, turn) => ({
    role: turn % 2 === 0 ? "user" : "assistant",
    content: turn % 2 === 0 ? `Session ${index}, note ${turn}: I planted ${turn + index} tulips in bed ${turn % 5} and I prefer watering at ${turn % 12} o'clock.` : "Noted.",
  }));

async function enqueue(url: string, index: number): Promise<string> {
  const response = await fetch(`${url}/v1/memorize`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ userId: user, content: conversation(index), async: true }),
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as { task: { id: string } }).task.id;
}

async function tasksOf(ids: readonly string[]): Promise<TaskRecord[]> {
  return Promise.all(ids.map(async (id) => (await state.tasks.get(id, null))!));
}

/** Polls the stored tasks until every one has ended, noting the lease owners seen on running tasks. */
async function untilDone(ids: readonly string[], owners = new Set<string>(), timeoutMs = 90_000): Promise<TaskRecord[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const tasks = await tasksOf(ids);
    for (const task of tasks) if (task.status === "running" && task.leaseOwner) owners.add(task.leaseOwner);
    if (tasks.every((task) => task.status === "succeeded" || task.status === "failed")) return tasks;
    if (Date.now() > deadline) throw new Error(`tasks still open: ${JSON.stringify(tasks.map((task) => task.status))}`);
    await sleep(25);
  }
}

const pidOf = (owner: string) => Number(owner.split(":")[1]);

beforeAll(async () => {
  neo4jEnv();
  cwd = await mkdtemp(path.join(tmpdir(), "memograph-serve-procs-"));
  state = await openNeo4jServerState({ namespace });
  key = (await state.access.createKey({ role: "admin", name: "processes test" })).key;
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await state?.close();
});

describe("memograph serve processes over one Neo4j", () => {
  it("two servers share the task queue: every task runs exactly once, and both servers run some", async () => {
    const [a, b] = await Promise.all([serve("--task-concurrency", "1"), serve("--task-concurrency", "1")]);
    const ids = await Promise.all(Array.from({ length: 16 }, (_, index) => enqueue(index % 2 === 0 ? a.url : b.url, index)));
    const owners = new Set<string>();
    const tasks = await untilDone(ids, owners);

    expect(tasks.map((task) => [task.status, task.attempts])).toEqual(ids.map(() => ["succeeded", 1]));
    expect(new Set([...owners].map(pidOf))).toEqual(new Set([a.child.pid, b.child.pid]));
    // Each task wrote its own resource once: no task ran twice.
    const resources = await fetch(`${a.url}/v1/resources?userId=${user}&limit=100`, { headers: { "x-api-key": key } });
    expect(((await resources.json()) as { resources: unknown[] }).resources).toHaveLength(16);

    a.child.kill("SIGTERM");
    b.child.kill("SIGTERM");
    expect((await Promise.all([once(a.child, "exit"), once(b.child, "exit")])).map(([code]) => code)).toEqual([0, 0]);
  }, 240_000);

  it("a server killed with tasks in flight: a restarted server runs them again, none stays pending or running", async () => {
    const first = await serve("--task-concurrency", "2", "--task-lease-ms", "1500");
    const ids = await Promise.all(Array.from({ length: 8 }, (_, index) => enqueue(first.url, 100 + index)));
    // Kill it hard while it holds a task.
    let inFlight: TaskRecord[] = [];
    for (let tries = 0; inFlight.length === 0; tries++) {
      if (tries > 2000) throw new Error("no task was ever running");
      inFlight = (await tasksOf(ids)).filter((task) => task.status === "running");
      if (inFlight.length === 0) await sleep(10);
    }
    first.child.kill("SIGKILL");
    await once(first.child, "exit");
    const orphaned = (await tasksOf(ids)).filter((task) => task.status === "running" || task.status === "pending");
    expect(orphaned.length).toBeGreaterThan(0);

    const second = await serve("--task-concurrency", "2", "--task-lease-ms", "1500");
    const tasks = await untilDone(ids);
    expect(tasks.every((task) => task.status === "succeeded")).toBe(true);
    const rerun = tasks.filter((task) => inFlight.some((flight) => flight.id === task.id));
    expect(rerun.every((task) => task.attempts >= 2)).toBe(true);

    second.child.kill("SIGTERM");
    expect((await once(second.child, "exit"))[0]).toBe(0);
  }, 240_000);
});
