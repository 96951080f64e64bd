import type { OpenAPIHono } from "@hono/zod-openapi";
import { ValidationError, type AccessStore, type MemoryService, type TaskStore } from "@memograph/core";
import { HTTPException } from "hono/http-exception";
import { cors } from "hono/cors";
import { z } from "zod";
import { authenticate } from "./auth/authenticate.js";
import type { ServerEnv } from "./auth/principal.js";
import { refuseReadOnlyWrites } from "./auth/roles.js";
import type { ServerDeps } from "./deps.js";
import { DOCS_PAGE } from "./http/docs-page.js";
import { guardJson, limitBody } from "./http/guards.js";
import { langgraphStoreRoutes } from "./http/langgraph-store/routes.js";
import { mcpRoutes } from "./http/mcp/routes.js";
import { memuV3Routes } from "./http/memu-v3/routes.js";
import { HttpProblem, fromHttpException, problemResponse, problemOf } from "./http/problem.js";
import { rateLimitPerKey } from "./http/rate-limit.js";
import { logRequests, type RequestLogger } from "./http/request-log.js";
import { routeApp } from "./http/route-app.js";
import { staticFiles } from "./http/static-files.js";
import { accessRoutes } from "./http/v1/access-routes.js";
import { categoryRoutes } from "./http/v1/category-routes.js";
import { memoryRoutes } from "./http/v1/memory-routes.js";
import { overviewRoutes } from "./http/v1/overview-routes.js";
import { recordRoutes } from "./http/v1/record-routes.js";
import { userRoutes } from "./http/v1/user-routes.js";
import { health } from "./http/v1/schemas.js";
import { TaskRunner, type TaskRunnerSettings } from "./tasks/index.js";
import { SERVER_VERSION } from "./version.js";

const optionsSchema = z
  .object({
    access: z.custom<AccessStore>((value) => typeof (value as AccessStore | null)?.authenticate === "function", "an AccessStore"),
    tasks: z.custom<TaskStore>((value) => typeof (value as TaskStore | null)?.enqueue === "function", "a TaskStore"),
    /** Largest request body accepted; larger answers 413. Default 1 MiB. */
    bodyLimitBytes: z.number().int().min(1024).default(1024 * 1024),
    /** Deepest JSON nesting accepted. Default 32. */
    maxJsonDepth: z.number().int().min(2).max(1000).default(32),
    /** Requests per key per window; `false` turns the limit off. Default 600 a minute. */
    rateLimit: z.union([z.literal(false), z.object({ requests: z.number().int().min(1), windowMs: z.number().int().min(1) })]).default({ requests: 600, windowMs: 60_000 }),
    /** Origins allowed to call from a browser. Default: none (CORS off). */
    corsOrigins: z.array(z.string().min(1)).default([]),
    /** A built dashboard served at `/` (files, with `index.html` for client routes). */
    dashboardDir: z.string().min(1).optional(),
    /** One structured entry per request. Default: none. */
    log: z.custom<RequestLogger>((value) => typeof value === "function", "a function").optional(),
    /**
     * The task runner of this server (concurrency, lease, attempts), or `false` when other processes run the tasks.
     * Default: a runner with its defaults. Every server over one task store may run one; a task runs once.
     */
    runner: z.union([z.literal(false), z.custom<TaskRunnerSettings>((value) => typeof value === "object" && value !== null, "task runner settings")]).default({}),
    /** Told about task-store failures of the runner (it keeps going). */
    onRunnerError: z.custom<(error: unknown) => void>((value) => typeof value === "function", "a function").optional(),
  })
  .strict();

export type ServerOptions = z.input<typeof optionsSchema>;

export interface MemographServer {
  /** The web-standard handler: give it to any runtime, or to `listen` for Node. */
  readonly fetch: (request: Request) => Promise<Response>;
  /** The OpenAPI 3.1 document of every route, generated from the wire schemas. */
  readonly openapi: () => Record<string, unknown>;
  /** Stops the task runner: running tasks finish (or are handed back), no new one starts. The stores stay open. */
  readonly close: () => Promise<void>;
}

const API_PATHS = ["/v1/*", "/api/v3/*", "/store/*", "/mcp"];

function apiDocument(app: OpenAPIHono<ServerEnv>): Record<string, unknown> {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer", description: "An API key from `memograph keys create`" });
  app.openAPIRegistry.registerComponent("securitySchemes", "apiKey", { type: "apiKey", in: "header", name: "x-api-key" });
  return app.getOpenAPI31Document({
    openapi: "3.1.0",
    info: {
      title: "memograph",
      version: SERVER_VERSION,
      description: "Agent memory with provenance over HTTP: the native /v1 API, memU Cloud v3 and the LangGraph store API on one engine.",
    },
  }) as unknown as Record<string, unknown>;
}

/**
 * The memograph HTTP server over one memory: memU Cloud v3, the LangGraph store API and the native /v1 API. It
 * translates requests into core calls and holds no memory logic; keys and tasks live in the given stores, so several
 * servers over one database serve the same data.
 */
export function createServer(memory: MemoryService, options: ServerOptions): MemographServer {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) throw ValidationError.fromZod("server options", parsed.error);
  const settings = parsed.data;
  const runner = settings.runner === false ? null : new TaskRunner({ ...settings.runner, tasks: settings.tasks, memory, ...(settings.onRunnerError ? { onError: settings.onRunnerError } : {}) });
  const deps: ServerDeps = { memory, access: settings.access, tasks: settings.tasks, onEnqueued: () => runner?.wake() };

  const app = routeApp();
  if (settings.log) app.use("*", logRequests(settings.log));
  if (settings.corsOrigins.length > 0) app.use("*", cors({ origin: settings.corsOrigins, allowHeaders: ["authorization", "x-api-key", "content-type", "idempotency-key"], maxAge: 600 }));

  app.openapi(
    { method: "get", path: "/health", summary: "Liveness (no key needed)", responses: { 200: { description: "Up", content: { "application/json": { schema: health } } } } } as const,
    (c) => c.json({ status: "ok" as const, version: SERVER_VERSION }, 200),
  );

  for (const path of API_PATHS) {
    app.use(path, authenticate(settings.access));
    if (settings.rateLimit !== false) app.use(path, rateLimitPerKey(settings.rateLimit));
    app.use(path, refuseReadOnlyWrites(), limitBody(settings.bodyLimitBytes), guardJson(settings.maxJsonDepth));
  }
  app.route("/", accessRoutes(deps));
  app.route("/", userRoutes(deps));
  app.route("/", memoryRoutes(deps));
  app.route("/", categoryRoutes(deps));
  app.route("/", recordRoutes(deps));
  app.route("/", overviewRoutes(deps));
  app.route("/", memuV3Routes(deps));
  app.route("/", langgraphStoreRoutes(deps));
  app.route("/", mcpRoutes(deps));

  let document: Record<string, unknown> | undefined;
  const openapi = () => (document ??= apiDocument(app));
  app.get("/openapi.json", (c) => c.json(openapi()));
  app.get("/docs", (c) => c.html(DOCS_PAGE));

  const dashboard = settings.dashboardDir === undefined ? null : staticFiles(settings.dashboardDir);
  app.get("*", async (c, next) => {
    const isApi = c.req.path.startsWith("/v1/") || c.req.path.startsWith("/api/") || c.req.path.startsWith("/store/");
    const response = dashboard === null || isApi ? null : await dashboard(c.req.path);
    if (response === null) return next();
    return response;
  });

  app.notFound(() => problemResponse(new HttpProblem(404, "NOT_FOUND", "No such route")));
  app.onError((error, c) => {
    const translated = error instanceof HTTPException ? fromHttpException(error.status, error.message) : error;
    c.set("errorCode", problemOf(translated).problem.code);
    if (problemOf(translated).problem.status >= 500) c.set("errorMessage", error instanceof Error ? error.message : String(error));
    return problemResponse(translated);
  });

  runner?.start();
  return { fetch: async (request) => app.fetch(request), openapi, close: async () => runner?.stop() };
}
