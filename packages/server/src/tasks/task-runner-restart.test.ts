import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createMemory, openEmbeddedServerState, type MemoryService, type ServerState, type TaskRecord } from "@memograph/core";
import { Neo4jStore, openNeo4jServerState } from "@memograph/neo4j";
import { describe, expect, it, vi } from "vitest";
import { ATTEMPTS_EXHAUSTED, TaskRunner } from "./task-runner.js";

// The stalling runner runs the built package: `pnpm build` first (as `pnpm test` does).
const STALLING_RUNNER = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "stalling-runner.mjs");
const LEASE_MS = 1500;

interface Backend {
  readonly name: string;
  /** Settings for the child process, and the state and memory of the same deployment for this process. */
  open(): Promise<{ childArgs: Record<string, unknown>; state: ServerState; memory: MemoryService }>;
}

/** Starts a runner process that stalls in every memorize; resolves once it has started `tasks` of them. */
function startStallingRunner(args: Record<string, unknown>, tasks: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [STALLING_RUNNER, JSON.stringify(args)], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes(`STARTED ${tasks}`)) resolve(child);
    });
    child.on("exit", (code, signal) => reject(new Error(`the stalling runner ended (${code ?? signal}) before starting its tasks: ${stderr}`)));
  });
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners("exit");
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

const settled = (state: ServerState, id: string) =>
  vi.waitFor(
    async () => {
      const task = await state.tasks.get(id, null);
      if (task === null || task.status === "pending" || task.status === "running") throw new Error(`task not settled: ${JSON.stringify({ ...task, input: undefined })}`);
      return task;
    },
    // A memorize on a busy shared Neo4j can take seconds; the lease keeps such a task running, never pending.
    { timeout: 60_000, interval: 50 },
  );

function restartSuite(backend: Backend): void {
  describe(`a runner killed with tasks in flight (${backend.name})`, { timeout: 120_000 }, () => {
    it("leaves nothing pending or running forever: the killed runner's tasks run again on a new runner after the lease", async () => {
      const { childArgs, state, memory } = await backend.open();
      const userId = `u-${randomUUID()}`;
      const enqueue = async (content: string) => (await state.tasks.enqueue({ kind: "memorize", scope: { userId }, input: { content, modality: "document" } })).task;
      const inFlight = [await enqueue("I sail a small boat called Petrel."), await enqueue("I bake sourdough bread every Friday.")];
      const waiting = await enqueue("I am learning to play the oboe.");
      const child = await startStallingRunner({ ...childArgs, leaseMs: LEASE_MS, concurrency: 2 }, 2);
      await kill(child);
      for (const task of inFlight) expect(await state.tasks.get(task.id, null)).toMatchObject({ status: "running", attempts: 1, leaseOwner: "stalling-runner" });
      expect(await state.tasks.get(waiting.id, null)).toMatchObject({ status: "pending", attempts: 0 });

      const runner = new TaskRunner({ tasks: state.tasks, memory, leaseMs: LEASE_MS, pollMs: 50, maxAttempts: 3 });
      runner.start();
      const done: TaskRecord[] = [];
      for (const task of [...inFlight, waiting]) done.push(await settled(state, task.id));
      await runner.stop();
      expect(done.map((task) => [task.status, task.attempts])).toEqual([["succeeded", 2], ["succeeded", 2], ["succeeded", 1]]);
      expect((await memory.listResources({ scope: { userId } })).records).toHaveLength(3);
      await Promise.all([state.close(), memory.close()]);
    });

    it("ends a task FAILED with a reason once runners died holding it more often than its attempts allow", async () => {
      const { childArgs, state, memory } = await backend.open();
      const userId = `u-${randomUUID()}`;
      const { task } = await state.tasks.enqueue({ kind: "memorize", scope: { userId }, input: { content: "I grow chillies on my balcony.", modality: "document" } });
      await kill(await startStallingRunner({ ...childArgs, leaseMs: LEASE_MS, concurrency: 1 }, 1));
      const runner = new TaskRunner({ tasks: state.tasks, memory, leaseMs: LEASE_MS, pollMs: 50, maxAttempts: 1 });
      runner.start();
      const failed = await settled(state, task.id);
      await runner.stop();
      expect(failed).toMatchObject({ status: "failed", attempts: 2, result: null, error: { code: ATTEMPTS_EXHAUSTED, message: expect.stringContaining("Gave up after 1 attempt") } });
      expect((await memory.listResources({ scope: { userId } })).records).toHaveLength(0);
      await Promise.all([state.close(), memory.close()]);
    });
  });
}

restartSuite({
  name: "embedded",
  open: async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "memograph-runner-"));
    return { childArgs: { backend: "embedded", dir }, state: await openEmbeddedServerState({ dir }), memory: await createMemory({ dir }) };
  },
});

restartSuite({
  name: "Neo4j",
  open: async () => {
    // Missing is a failure, never a skip: `pnpm test` provides a Neo4j.
    if (!process.env.NEO4J_URI) throw new Error("NEO4J_URI is not set: run the tests through `pnpm test`, or start Neo4j with `pnpm neo4j:start`");
    const namespace = `test-${randomUUID()}`;
    return { childArgs: { backend: "neo4j", namespace }, state: await openNeo4jServerState({ namespace }), memory: await createMemory({ store: new Neo4jStore() }) };
  },
});
