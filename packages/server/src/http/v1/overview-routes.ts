import { createRoute, type z } from "@hono/zod-openapi";
import { MemographError, allPages, scopeConditions, type Category, type Item, type MemoryService, type Resource, type Scope } from "@memograph/core";
import { scopeFor, taskReadScope } from "../../auth/scope.js";
import type { ServerDeps } from "../../deps.js";
import { errorResponses, json, security } from "../common-schemas.js";
import { routeApp } from "../route-app.js";
import * as s from "./schemas.js";
import { taskUsage } from "./task-usage.js";

type Graph = z.infer<typeof s.graph>;

async function graphItems(memory: MemoryService, scope: Scope, filter: { category?: string | undefined; resource?: string | undefined }, limit: number, categories: readonly Category[]): Promise<{ items: readonly Item[]; truncated: boolean }> {
  if (filter.resource !== undefined) {
    const { items } = await memory.traceResource({ scope, id: filter.resource });
    return { items: items.slice(0, limit), truncated: items.length > limit };
  }
  if (filter.category !== undefined) {
    const category = categories.find((candidate) => candidate.name === filter.category);
    if (category === undefined) return { items: [], truncated: false };
    const items = await memory.store.categoryItems({ conditions: scopeConditions(scope) }, category.id, limit + 1);
    return { items: items.slice(0, limit), truncated: items.length > limit };
  }
  const page = await memory.listItems({ scope, limit: Math.min(limit, 500) });
  return { items: page.records, truncated: page.nextCursor !== null };
}

/** The Resource → Item → Category graph of a scope, as nodes and edges for a dashboard to draw. */
async function scopeGraph(memory: MemoryService, scope: Scope, filter: { category?: string | undefined; resource?: string | undefined }, limit: number): Promise<Graph> {
  const categories = await memory.listCategories({ scope });
  const { items, truncated } = await graphItems(memory, scope, filter, limit, categories);
  const itemIds = new Set(items.map((item) => item.id));
  const resourceIds = [...new Set(items.flatMap((item) => item.sources.map((source) => source.resourceId)))];
  const resources = await Promise.all(
    resourceIds.map((id) =>
      memory.getResource({ scope, id }).catch((error: unknown) => {
        // A source whose resource is outside this narrower scope is drawn without its node.
        if (MemographError.isInstance(error) && error.code === "NOT_FOUND") return null;
        throw error;
      }),
    ),
  );
  const shownResources = resources.filter((resource): resource is Resource => resource !== null);
  const usedNames = new Set(items.flatMap((item) => item.categories));
  const shownCategories = categories.filter((category) => usedNames.has(category.name));
  const categoryIdByName = new Map(shownCategories.map((category) => [category.name, category.id]));
  const resourceShown = new Set(shownResources.map((resource) => resource.id));
  return {
    nodes: [
      ...shownResources.map((resource) => ({ id: resource.id, kind: "resource" as const, label: resource.uri })),
      ...items.map((item) => ({ id: item.id, kind: "item" as const, label: item.summary, type: item.type })),
      ...shownCategories.map((category) => ({ id: category.id, kind: "category" as const, label: category.name })),
    ],
    edges: [
      ...items.flatMap((item) => [...new Set(item.sources.map((source) => source.resourceId))].filter((id) => resourceShown.has(id)).map((id) => ({ source: item.id, target: id, kind: "extracted_from" as const }))),
      ...items.flatMap((item) => item.categories.flatMap((name) => (categoryIdByName.has(name) ? [{ source: item.id, target: categoryIdByName.get(name)!, kind: "in_category" as const }] : []))),
      ...shownCategories.flatMap((category) => category.citedItemIds.filter((id) => itemIds.has(id)).map((id) => ({ source: category.id, target: id, kind: "cites" as const }))),
    ],
    truncated,
  };
}

/** The scope's graph and its counts, for a dashboard. */
export function overviewRoutes({ memory, tasks }: ServerDeps) {
  const app = routeApp();

  app.openapi(
    createRoute({ method: "get", path: "/v1/graph", summary: "The Resource → Item → Category graph of a scope", security, request: { query: s.graphQuery }, responses: { 200: json(s.graph, "Nodes and edges"), ...errorResponses } }),
    async (c) => {
      const { category, resource, limit, ...requested } = c.req.valid("query");
      return c.json(await scopeGraph(memory, scopeFor(c.var.principal, requested), { category, resource }, limit), 200);
    },
  );

  app.openapi(
    createRoute({ method: "get", path: "/v1/stats", summary: "Counts of a scope: items by type, categories, resources, tasks, and the model usage its memorize tasks recorded", security, request: { query: s.scopeQuery }, responses: { 200: json(s.stats, "Counts"), ...errorResponses } }),
    async (c) => {
      const scope = scopeFor(c.var.principal, c.req.valid("query"));
      const taskScope = taskReadScope(c.var.principal, scope.userId);
      const [items, categories, resources, taskCounts, usage] = await Promise.all([
        allPages((cursor) => memory.listItems({ scope, limit: 500, ...(cursor ? { cursor } : {}) })),
        memory.listCategories({ scope }),
        allPages((cursor) => memory.listResources({ scope, limit: 500, ...(cursor ? { cursor } : {}) })),
        tasks.counts(taskScope),
        taskUsage(tasks, taskScope, scope),
      ]);
      const byType: Record<string, number> = {};
      for (const item of items) byType[item.type] = (byType[item.type] ?? 0) + 1;
      return c.json(
        {
          items: { total: items.length, byType },
          categories: categories.map((category) => ({ id: category.id, name: category.name, itemCount: category.itemCount })),
          resources: { total: resources.length, recent: resources.slice(-5).reverse() },
          tasks: { pending: taskCounts.pending, running: taskCounts.running, failed: taskCounts.failed },
          usage,
        },
        200,
      );
    },
  );

  return app;
}
