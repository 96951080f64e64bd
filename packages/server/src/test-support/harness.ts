import { createMemory, openEmbeddedServerState, type MemoryService, type ServerState } from "@memograph/core";
import { createServer, type ServerOptions } from "../server.js";
import { listen, type Listener } from "../node.js";

export interface Keys {
  readonly admin: string;
  readonly alice: string;
  readonly aliceReadOnly: string;
  readonly bob: string;
  readonly revoked: string;
  readonly expired: string;
}

export interface Harness {
  readonly url: string;
  readonly memory: MemoryService;
  readonly state: ServerState;
  readonly keys: Keys;
  readonly users: { readonly alice: string; readonly bob: string };
  /** JSON request with a key; answers status, headers and parsed body. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers of every route's shape, read by assertions
  call(method: string, path: string, options?: { key?: string | null; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; headers: Headers; body: any }>;
  /** Resolves once no task of the run is pending or running. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly memory?: MemoryService;
  readonly state?: ServerState;
  readonly server?: Partial<ServerOptions>;
  /** Makes user ids unique per run, so suites sharing one database never see each other. */
  readonly runId?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A real server on 127.0.0.1 with one key of every kind. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const memory = options.memory ?? (await createMemory());
  const state = options.state ?? (await openEmbeddedServerState());
  const run = options.runId ?? Math.random().toString(36).slice(2, 8);
  const users = { alice: `alice-${run}`, bob: `bob-${run}` };
  const access = state.access;
  const expiring = await access.createKey({ role: "member", userId: users.alice, expiresAt: new Date(Date.now() + 1000).toISOString() });
  const revoked = await access.createKey({ role: "member", userId: users.alice });
  await access.revokeKey(revoked.record.id);
  const keys: Keys = {
    admin: (await access.createKey({ role: "admin", name: "test admin" })).key,
    alice: (await access.createKey({ role: "member", userId: users.alice })).key,
    aliceReadOnly: (await access.createKey({ role: "member", userId: users.alice, readOnly: true })).key,
    bob: (await access.createKey({ role: "member", userId: users.bob })).key,
    revoked: revoked.key,
    expired: expiring.key,
  };
  const server = createServer(memory, { access, tasks: state.tasks, rateLimit: false, runner: { pollMs: 50, leaseMs: 10_000 }, ...options.server });
  const listener: Listener = await listen(server, { port: 0 });
  const wait = Date.parse(expiring.record.expiresAt!) - Date.now();
  if (wait > 0) await sleep(wait + 20);
  return {
    url: listener.url,
    memory,
    state,
    keys,
    users,
    async call(method, path, { key, body, headers = {} } = {}) {
      const response = await fetch(`${listener.url}${path}`, {
        method,
        headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
        ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
    },
    async settle() {
      for (;;) {
        const counts = await state.tasks.counts(null);
        if (counts.pending + counts.running === 0) return;
        await sleep(50);
      }
    },
    async close() {
      await listener.close();
      await server.close();
      if (options.state === undefined) await state.close();
      if (options.memory === undefined) await memory.close();
    },
  };
}
