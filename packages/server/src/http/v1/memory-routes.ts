import { createRoute, z } from "@hono/zod-openapi";
import { NotFoundError, ValidationError, allPages, forgetWithTasks, type MemoryService, type Resource, type Item, type Category, type Scope } from "@memograph/core";
import { retrieveTarget, scopeFor, taskReadScope } from "../../auth/scope.js";
import type { ServerDeps } from "../../deps.js";
import { enqueueMemorize, type MemorizeTaskInput } from "../../memorize-task.js";
import { errorResponses, json, notFoundResponse, problem, security } from "../common-schemas.js";
import { routeApp } from "../route-app.js";
import * as s from "./schemas.js";
import { taskToWire } from "./wire.js";

const idempotencyHeader = z.object({ "idempotency-key": z.string().min(1).max(200).optional().openapi({ description: "Async only: the same key for the same user returns the first task" }) });

export async function exportScope(memory: MemoryService, scope: Scope): Promise<{ resources: Resource[]; items: Item[]; categories: Category[] }> {
  const [resources, items, categories] = await Promise.all([
    allPages((cursor) => memory.listResources({ scope, limit: 500, ...(cursor ? { cursor } : {}) })),
    allPages((cursor) => memory.listItems({ scope, limit: 500, status: "all", ...(cursor ? { cursor } : {}) })),
    memory.listCategories({ scope }),
  ]);
  return { resources, items, categories };
}

/** memorize (sync or as a task), retrieve, tasks, forget, export. */
export function memoryRoutes({ memory, tasks, onEnqueued }: ServerDeps) {
  const app = routeApp();

  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/memorize",
      summary: "Memorize a conversation, text or allowed URL, now or as a task",
      security,
      request: { headers: idempotencyHeader, body: { content: { "application/json": { schema: s.memorizeBody } }, required: true } },
      responses: { 200: json(s.memorizeResult, "Memorized"), 202: json(s.memorizeAccepted, "Queued as a task"), ...errorResponses },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const scope = scopeFor(c.var.principal, body);
      const content = Array.isArray(body.content)
        ? body.content.map(({ createdAt, ...message }) => ({ ...message, ...(createdAt === undefined ? {} : { created_at: createdAt }) }))
        : body.content;
      const input: MemorizeTaskInput = {
        ...(content === undefined ? {} : { content }),
        ...(body.resourceUrl === undefined ? {} : { resourceUrl: body.resourceUrl }),
        ...(body.uri === undefined ? {} : { uri: body.uri }),
        ...(body.modality === undefined ? {} : { modality: body.modality }),
        ...(body.metadata === undefined ? {} : { metadata: body.metadata }),
      };
      if (body.async) {
        const task = await enqueueMemorize(tasks, scope, input, c.req.valid("header")["idempotency-key"]);
        onEnqueued();
        return c.json({ task: taskToWire(task) }, 202);
      }
      return c.json(await memory.memorize({ ...input, scope }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/retrieve",
      summary: "Retrieve items, categories and resources for a query, with provenance",
      description: "A member key reads its own user. An admin key naming no userId reads every user's memories (narrowed by where, agentId, sessionId); every hit carries its scope.",
      security,
      request: { body: { content: { "application/json": { schema: s.retrieveBody } }, required: true } },
      responses: { 200: json(s.retrieveResult, "What was found, each hit with its score"), ...errorResponses },
    }),
    async (c) => {
      const { userId, agentId, sessionId, where, ...rest } = c.req.valid("json");
      const target = retrieveTarget(c.var.principal, { userId, agentId, sessionId }, where);
      const input = { ...rest, ...(target.where === undefined ? {} : { where: target.where }) };
      return c.json("allScopes" in target ? await memory.retrieveAcrossScopes(input) : await memory.retrieve({ ...input, scope: target.scope }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/tasks",
      summary: "List memorize tasks, newest first",
      security,
      request: { query: s.listTasksQuery },
      responses: { 200: json(s.taskPage, "A page of tasks"), ...errorResponses },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const page = await tasks.list(taskReadScope(c.var.principal, query.userId), { limit: query.limit, ...(query.status ? { status: query.status } : {}), ...(query.cursor ? { cursor: query.cursor } : {}) });
      return c.json({ tasks: page.records.map(taskToWire), nextCursor: page.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/tasks/{id}",
      summary: "A memorize task: status, attempts, result or error",
      security,
      request: { params: s.idParam },
      responses: { 200: json(s.task, "The task"), ...errorResponses, ...notFoundResponse },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const task = await tasks.get(id, taskReadScope(c.var.principal, undefined));
      if (task === null) throw new NotFoundError("task", id);
      return c.json(taskToWire(task), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/forget",
      summary: "Erase every memory of the scope, and the scope's tasks",
      security,
      request: { body: { content: { "application/json": { schema: s.forgetBody } }, required: true } },
      responses: { 200: json(s.forgetCounts, "What was erased, the scope's tasks with it"), ...errorResponses, 409: problem("A memorize task of the scope is running (CONFLICT): forget once it has finished") },
    }),
    async (c) => {
      const { confirm, ...requested } = c.req.valid("json");
      const scope = scopeFor(c.var.principal, requested);
      if (confirm !== scope.userId) throw new ValidationError("confirm must repeat the userId being erased", [{ path: "confirm", message: "must equal the userId" }]);
      return c.json(await forgetWithTasks(memory, tasks, scope), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/export",
      summary: "Every resource, item and category of the scope",
      security,
      request: { query: s.scopeQuery },
      responses: { 200: json(s.exported, "The scope's memories"), ...errorResponses },
    }),
    async (c) => c.json(await exportScope(memory, scopeFor(c.var.principal, c.req.valid("query"))), 200),
  );

  return app;
}
