import { randomUUID } from "node:crypto";
import { ModelError, RuleExtractor, createMemory, openEmbeddedServerState, type ExtractionContext, type ExtractionInput, type MemoryExtractor, type MemoryService, type ServerState, type TaskRecord } from "@memograph/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ATTEMPTS_EXHAUSTED, TaskRunner } from "./task-runner.js";

/** The offline rule extractor behind a gate: counts calls and how many run at once, and can fail on demand. */
class GatedExtractor implements MemoryExtractor {
  readonly id = "gated-rule-extractor";
  calls = 0;
  active = 0;
  maxActive = 0;
  failures = 0;
  private readonly inner = new RuleExtractor();
  private release: () => void = () => undefined;
  private gate: Promise<void> = Promise.resolve();

  hold(): void {
    this.gate = new Promise((resolve) => (this.release = resolve));
  }

  open(): void {
    this.release();
  }

  async extract(input: ExtractionInput, context: ExtractionContext) {
    this.calls++;
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      await this.gate;
      if (this.failures > 0) {
        this.failures--;
        throw new ModelError("The model is down", { reason: "server_error", profile: "default", step: "extract", attempts: 3 });
      }
      return await this.inner.extract(input, context);
    } finally {
      this.active--;
    }
  }
}

describe("TaskRunner (embedded)", () => {
  let state: ServerState;
  let memory: MemoryService;
  let extractor: GatedExtractor;
  const runners: TaskRunner[] = [];
  const setup = async () => {
    state = await openEmbeddedServerState();
    extractor = new GatedExtractor();
    memory = await createMemory({ extractor });
  };
  const runner = (options: Partial<ConstructorParameters<typeof TaskRunner>[0]> = {}) => {
    const created = new TaskRunner({ tasks: state.tasks, memory, pollMs: 20, ...options });
    runners.push(created);
    created.start();
    return created;
  };
  const enqueue = async (userId: string, input: unknown) => (await state.tasks.enqueue({ kind: "memorize", scope: { userId }, input })).task;
  const settled = (id: string) =>
    vi.waitFor(
      async () => {
        const task = await state.tasks.get(id, null);
        if (task === null || task.status === "pending" || task.status === "running") throw new Error(`task ${id} is still ${task?.status}`);
        return task;
      },
      { timeout: 20_000, interval: 20 },
    );
  const until = (check: () => boolean) => vi.waitFor(() => expect(check()).toBe(true), { timeout: 20_000, interval: 10 });
  afterEach(async () => {
    extractor.open();
    await Promise.all(runners.splice(0).map((created) => created.stop({ graceMs: 1000 })));
    await Promise.all([state.close(), memory.close()]);
  });

  it("runs queued memorize tasks in their own scopes, never more at once than its concurrency", async () => {
    await setup();
    const users = [`u-${randomUUID()}`, `u-${randomUUID()}`];
    const tasks: TaskRecord[] = [];
    for (let index = 0; index < 6; index++) tasks.push(await enqueue(users[index % 2]!, { content: `I bought bicycle number ${index} in Utrecht.`, modality: "document" }));
    extractor.hold();
    runner({ concurrency: 2 });
    await until(() => extractor.active === 2);
    expect((await state.tasks.counts(null)).running).toBe(2);
    extractor.open();
    const done = await Promise.all(tasks.map((task) => settled(task.id)));
    expect(extractor.maxActive).toBe(2);
    for (const [index, task] of done.entries()) {
      expect(task).toMatchObject({ status: "succeeded", attempts: 1, error: null, leaseOwner: null });
      const result = task.result as { resource: { id: string; scope: unknown }; items: { summary: string }[] };
      expect(result.resource.scope).toEqual({ userId: users[index % 2] });
      expect(result.items.map((item) => item.summary).join(" ")).toContain(`bicycle number ${index}`);
    }
    for (const userId of users) expect((await memory.listResources({ scope: { userId } })).records).toHaveLength(3);
  });

  it("writes into the task's scope whatever scope the stored input names", async () => {
    await setup();
    const [ann, mallory] = [`ann-${randomUUID()}`, `mallory-${randomUUID()}`];
    const task = await enqueue(ann, { content: "My passport number is in the blue folder.", modality: "document", scope: { userId: mallory } });
    runner();
    expect((await settled(task.id)).status).toBe("succeeded");
    expect((await memory.listItems({ scope: { userId: ann } })).records).not.toHaveLength(0);
    expect((await memory.listItems({ scope: { userId: mallory } })).records).toHaveLength(0);
  });

  it("ends a task with bad input FAILED at once, with the core's typed error", async () => {
    await setup();
    const userId = `u-${randomUUID()}`;
    const empty = await enqueue(userId, { modality: "document" });
    const wrong = await enqueue(userId, { content: "fine", modality: "telepathy" });
    const notObject = await enqueue(userId, "just a string");
    runner();
    expect(await settled(empty.id)).toMatchObject({ status: "failed", attempts: 1, result: null, error: { code: "VALIDATION", field: "resourceUrl" } });
    expect(await settled(wrong.id)).toMatchObject({ status: "failed", attempts: 1, error: { code: "VALIDATION", field: "modality" } });
    expect(await settled(notObject.id)).toMatchObject({ status: "failed", attempts: 1, error: { code: "VALIDATION", field: "input" } });
    expect((await memory.listResources({ scope: { userId } })).records).toHaveLength(0);
  });

  it("tries a task again when the model fails, and records the model's error once the attempts are spent", async () => {
    await setup();
    const recovers = await enqueue(`u-${randomUUID()}`, { content: "I teach chemistry at a school in Porto.", modality: "document" });
    extractor.failures = 1;
    runner({ leaseMs: 200, maxAttempts: 3 });
    expect(await settled(recovers.id)).toMatchObject({ status: "succeeded", attempts: 2 });

    const userId = `u-${randomUUID()}`;
    const doomed = await enqueue(userId, { content: "I play the cello on Sundays.", modality: "document" });
    extractor.failures = 100;
    expect(await settled(doomed.id)).toMatchObject({ status: "failed", attempts: 3, error: { code: "MODEL_FAILURE", message: "The model is down" } });
    expect((await memory.listResources({ scope: { userId } })).records).toHaveLength(0);
  });

  it("renews the lease of a long task, so a second runner never takes it", async () => {
    await setup();
    const task = await enqueue(`u-${randomUUID()}`, { content: "I keep bees on the roof of my flat.", modality: "document" });
    extractor.hold();
    runner({ leaseMs: 150, renewEveryMs: 30, owner: "first" });
    await until(() => extractor.active === 1);
    runner({ leaseMs: 150, owner: "second" });
    // Ten leases long: without renewal the second runner would have claimed it.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await state.tasks.get(task.id, null)).toMatchObject({ status: "running", leaseOwner: "first", attempts: 1 });
    extractor.open();
    expect(await settled(task.id)).toMatchObject({ status: "succeeded", attempts: 1 });
    expect(extractor.calls).toBe(1);
  });

  it("stops gracefully: a task that finishes in the grace period is recorded, one that does not goes back to the queue", async () => {
    await setup();
    const quick = await enqueue(`u-${randomUUID()}`, { content: "I ride a green tandem bicycle.", modality: "document" });
    extractor.hold();
    const first = runner({ concurrency: 1 });
    await until(() => extractor.active === 1);
    setTimeout(() => extractor.open(), 100);
    await first.stop({ graceMs: 5000 });
    expect(await state.tasks.get(quick.id, null)).toMatchObject({ status: "succeeded", attempts: 1 });

    const slow = await enqueue(`u-${randomUUID()}`, { content: "I collect old railway maps.", modality: "document" });
    extractor.hold();
    const second = runner({ concurrency: 1 });
    await until(() => extractor.active === 1);
    await second.stop({ graceMs: 100 });
    expect(second.running).toBe(0);
    expect(await state.tasks.get(slow.id, null)).toMatchObject({ status: "pending", attempts: 0, leaseOwner: null });
    // The stopped runner's memorize finishing late records nothing; a new runner runs the task.
    extractor.open();
    runner();
    expect(await settled(slow.id)).toMatchObject({ status: "succeeded", attempts: 1 });
  });

  it("gives up on a task claimed more often than its attempts allow", async () => {
    await setup();
    const task = await enqueue(`u-${randomUUID()}`, { content: "I was born in Tromsø.", modality: "document" });
    // Two runners that died holding it: the lease ran out twice.
    const t0 = new Date();
    await state.tasks.claim("dead-1", 100, new Date(t0.getTime() - 10_000));
    await state.tasks.claim("dead-2", 100, new Date(t0.getTime() - 5000));
    runner({ maxAttempts: 2 });
    expect(await settled(task.id)).toMatchObject({ status: "failed", attempts: 3, error: { code: ATTEMPTS_EXHAUSTED, message: expect.stringContaining("2 attempts") } });
    expect(extractor.calls).toBe(0);
  });

  it("deletes finished tasks once they are older than it keeps them, and never a pending or running one", async () => {
    await setup();
    const userId = `u-${randomUUID()}`;
    const first = await enqueue(userId, { content: "I bought a kayak in Bergen.", modality: "document" });
    const keeper = runner({ keepFinishedMs: false });
    await settled(first.id);
    await keeper.stop();
    extractor.hold();
    await enqueue(userId, { content: "I sold my kayak in Oslo.", modality: "document" });
    await enqueue(userId, { content: "I rent a canoe in Tromsø.", modality: "document" });
    runner({ keepFinishedMs: 1, purgeEveryMs: 10, concurrency: 1 });
    await until(() => extractor.active === 1);
    // The finished task goes; the running one and the one waiting behind it stay, however old.
    await vi.waitFor(async () => expect(await state.tasks.get(first.id, null)).toBeNull(), { timeout: 20_000, interval: 10 });
    expect((await state.tasks.counts(null))).toMatchObject({ running: 1, pending: 1, succeeded: 0 });
    // Once they finish, they go too.
    extractor.open();
    await vi.waitFor(async () => expect(await state.tasks.counts(null)).toEqual({ pending: 0, running: 0, succeeded: 0, failed: 0 }), { timeout: 20_000, interval: 10 });
  });

  it("refuses invalid settings with a typed error", () => {
    expect(() => new TaskRunner({ tasks: {} as never, memory: {} as never, concurrency: 0 })).toThrow(expect.objectContaining({ code: "VALIDATION", field: "concurrency" }));
  });
});
