import { createRoute } from "@hono/zod-openapi";
import { NotFoundError, type Category, type Item, type MemorizeResult, type TaskRecord } from "@memograph/core";
import { retrieveTarget, scopeFor, taskReadScope } from "../../auth/scope.js";
import type { ServerDeps } from "../../deps.js";
import { enqueueMemorize } from "../../memorize-task.js";
import { errorResponses, json, notFoundResponse, security } from "../common-schemas.js";
import { routeApp } from "../route-app.js";
import * as s from "./schemas.js";

const STATUS = { pending: "PENDING", running: "PROCESSING", succeeded: "SUCCESS", failed: "FAILED" } as const;

function itemToMemu(item: Item & { score?: number }): s.MemuItem {
  return {
    id: item.id,
    memory_type: item.type,
    content: item.summary,
    summary: item.summary,
    happened_at: item.happenedAt,
    created_at: item.createdAt,
    categories: [...item.categories],
    resource_ids: [...new Set(item.sources.map((source) => source.resourceId))],
    ...(item.score === undefined ? {} : { score: item.score }),
  };
}

/** Whose a record is, in memU's words. */
function ownerToMemu(scope: Readonly<Record<string, string>>): { user_id: string; agent_id: string | null } {
  return { user_id: scope.userId ?? "", agent_id: scope.agentId ?? null };
}

function categoryToMemu(category: Category & { score?: number }): s.MemuCategory {
  return {
    id: category.id,
    name: category.name,
    description: category.description,
    summary: category.summary,
    ...ownerToMemu(category.scope),
    ...(category.score === undefined ? {} : { score: category.score }),
  };
}

function statusToMemu(task: TaskRecord) {
  const result = task.result as MemorizeResult | null;
  const finished = task.status === "succeeded" || task.status === "failed";
  return {
    task_id: task.id,
    status: STATUS[task.status],
    created_at: task.createdAt,
    completed_at: finished ? task.updatedAt : null,
    ...(result ? { result: { resource_id: result.resource.id, items: result.items.map(itemToMemu), categories: result.categories.map((category) => category.name) } } : {}),
    ...(task.error ? { error: task.error } : {}),
  };
}

/**
 * memU Cloud v3, wire-compatible: a memU client changes its base URL and key, nothing else. `user_id` and
 * `agent_id` are the memograph scope's userId and agentId.
 */
export function memuV3Routes({ memory, tasks, onEnqueued }: ServerDeps) {
  const app = routeApp();

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v3/memory/memorize",
      summary: "Register a memorization task (memU v3)",
      security,
      request: { body: { content: { "application/json": { schema: s.memorizeRequest } }, required: true } },
      responses: { 200: json(s.memorizeResponse, "The task, PENDING"), ...errorResponses },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const scope = scopeFor(c.var.principal, { userId: body.user_id, agentId: body.agent_id }, "user_id");
      const metadata = { ...(body.user_name ? { userName: body.user_name } : {}), ...(body.agent_name ? { agentName: body.agent_name } : {}), ...(body.session_date ? { sessionDate: body.session_date } : {}) };
      const input = {
        ...(body.conversation ? { content: body.conversation, modality: "conversation" as const } : { resourceUrl: body.resource_url!, ...(body.modality ? { modality: body.modality } : {}) }),
        ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
      };
      const task = await enqueueMemorize(tasks, scope, input, c.req.header("idempotency-key"));
      onEnqueued();
      return c.json({ task_id: task.id, status: STATUS[task.status], message: "Memorization task registered successfully" }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v3/memory/memorize/status/{task_id}",
      summary: "Status of a memorization task (memU v3)",
      security,
      request: { params: s.statusParam },
      responses: { 200: json(s.statusResponse, "PENDING, PROCESSING, SUCCESS (with the result) or FAILED (with the error)"), ...errorResponses, ...notFoundResponse },
    }),
    async (c) => {
      const { task_id: id } = c.req.valid("param");
      const task = await tasks.get(id, taskReadScope(c.var.principal, undefined));
      if (task === null) throw new NotFoundError("task", id);
      return c.json(statusToMemu(task), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v3/memory/categories",
      summary: "Categories of a user (and agent) with their summaries (memU v3)",
      security,
      request: { body: { content: { "application/json": { schema: s.categoriesRequest } }, required: true } },
      responses: { 200: json(s.categoriesResponse, "Categories"), ...errorResponses },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const categories = await memory.listCategories({ scope: scopeFor(c.var.principal, { userId: body.user_id, agentId: body.agent_id }, "user_id") });
      return c.json({ categories: categories.map(categoryToMemu) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v3/memory/retrieve",
      summary: "Retrieve categories, items and resources for a query or a conversation (memU v3)",
      description: "An admin key omitting user_id retrieves across every user (memU's no-filter retrieve); every hit names its user_id.",
      security,
      request: { body: { content: { "application/json": { schema: s.retrieveRequest } }, required: true } },
      responses: { 200: json(s.retrieveResponse, "What was found, with provenance"), ...errorResponses },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const target = retrieveTarget(c.var.principal, { userId: body.user_id, agentId: body.agent_id }, undefined, "user_id");
      const input = { method: body.method, ...(target.where === undefined ? {} : { where: target.where }), ...(typeof body.query === "string" ? { query: body.query } : { queries: body.query.map(({ role, content }) => ({ role, content })) }) };
      const result = "allScopes" in target ? await memory.retrieveAcrossScopes(input) : await memory.retrieve({ ...input, scope: target.scope });
      return c.json(
        {
          rewritten_query: result.query,
          next_step_query: result.nextStepQuery,
          categories: result.categories.map(categoryToMemu),
          items: result.items.map((item) => ({ ...itemToMemu(item), ...ownerToMemu(item.scope) })),
          resources: result.resources.map((resource) => ({ id: resource.id, modality: resource.modality, resource_url: resource.uri, caption: resource.caption, created_at: resource.createdAt, ...ownerToMemu(resource.scope), score: resource.score })),
        },
        200,
      );
    },
  );

  return app;
}
