import { createRoute } from "@hono/zod-openapi";
import { scopeFor } from "../../auth/scope.js";
import type { ServerDeps } from "../../deps.js";
import { errorResponses, json, notFoundResponse, security } from "../common-schemas.js";
import { routeApp } from "../route-app.js";
import * as s from "./schemas.js";

const scopedId = { params: s.idParam, query: s.scopeQuery };

/** Items (CRUD, pages, trace), categories and resources of a scope. */
export function recordRoutes({ memory }: ServerDeps) {
  const app = routeApp();

  app.openapi(
    createRoute({ method: "get", path: "/v1/items", summary: "List items, oldest first, a page at a time; from/to select by creation time", security, request: { query: s.listItemsQuery }, responses: { 200: json(s.itemPage, "A page of items"), ...errorResponses } }),
    async (c) => {
      const { type, category, status, limit, cursor, from, to, ...requested } = c.req.valid("query");
      const scope = scopeFor(c.var.principal, requested);
      const page = await memory.listItems({
        scope,
        status,
        limit,
        ...(type ? { types: [type] } : {}),
        ...(category ? { categories: [category] } : {}),
        ...(cursor ? { cursor } : {}),
        ...(from ? { createdFrom: from } : {}),
        ...(to ? { createdTo: to } : {}),
      });
      return c.json({ items: [...page.records], nextCursor: page.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({ method: "post", path: "/v1/items", summary: "Create an item by hand", security, request: { body: { content: { "application/json": { schema: s.createItemBody } }, required: true } }, responses: { 201: json(s.item, "The new item"), ...errorResponses } }),
    async (c) => {
      const { userId, agentId, sessionId, ...fields } = c.req.valid("json");
      return c.json(await memory.createItem({ ...fields, scope: scopeFor(c.var.principal, { userId, agentId, sessionId }) }), 201);
    },
  );

  app.openapi(
    createRoute({ method: "get", path: "/v1/items/{id}", summary: "One item", security, request: scopedId, responses: { 200: json(s.item, "The item"), ...errorResponses, ...notFoundResponse } }),
    async (c) => c.json(await memory.getItem({ scope: scopeFor(c.var.principal, c.req.valid("query")), id: c.req.valid("param").id }), 200),
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/v1/items/{id}",
      summary: "Change an item's summary, type or categories",
      security,
      request: { params: s.idParam, body: { content: { "application/json": { schema: s.updateItemBody } }, required: true } },
      responses: { 200: json(s.item, "The updated item"), ...errorResponses, ...notFoundResponse },
    }),
    async (c) => {
      const { userId, agentId, sessionId, ...fields } = c.req.valid("json");
      return c.json(await memory.updateItem({ ...fields, scope: scopeFor(c.var.principal, { userId, agentId, sessionId }), id: c.req.valid("param").id }), 200);
    },
  );

  app.openapi(
    createRoute({ method: "delete", path: "/v1/items/{id}", summary: "Delete an item", security, request: scopedId, responses: { 200: json(s.item, "The deleted item"), ...errorResponses, ...notFoundResponse } }),
    async (c) => c.json(await memory.deleteItem({ scope: scopeFor(c.var.principal, c.req.valid("query")), id: c.req.valid("param").id }), 200),
  );

  app.openapi(
    createRoute({ method: "get", path: "/v1/items/{id}/trace", summary: "Where an item came from: resources, spans, their text, categories", security, request: scopedId, responses: { 200: json(s.trace, "The item's provenance"), ...errorResponses, ...notFoundResponse } }),
    async (c) => c.json(await memory.trace({ scope: scopeFor(c.var.principal, c.req.valid("query")), id: c.req.valid("param").id }), 200),
  );

  app.openapi(
    createRoute({ method: "get", path: "/v1/categories", summary: "The scope's categories with their summaries", security, request: { query: s.scopeQuery }, responses: { 200: json(s.categoryList, "Categories"), ...errorResponses } }),
    async (c) => c.json({ categories: await memory.listCategories({ scope: scopeFor(c.var.principal, c.req.valid("query")) }) }, 200),
  );

  app.openapi(
    createRoute({ method: "get", path: "/v1/categories/{id}", summary: "One category; its markdown summary cites item ids as [itm_…]", security, request: scopedId, responses: { 200: json(s.category, "The category"), ...errorResponses, ...notFoundResponse } }),
    async (c) => c.json(await memory.getCategory({ scope: scopeFor(c.var.principal, c.req.valid("query")), id: c.req.valid("param").id }), 200),
  );

  app.openapi(
    createRoute({ method: "get", path: "/v1/resources", summary: "List resources, a page at a time", security, request: { query: s.listResourcesQuery }, responses: { 200: json(s.resourcePage, "A page of resources"), ...errorResponses } }),
    async (c) => {
      const { limit, cursor, ...requested } = c.req.valid("query");
      const page = await memory.listResources({ scope: scopeFor(c.var.principal, requested), limit, ...(cursor ? { cursor } : {}) });
      return c.json({ resources: [...page.records], nextCursor: page.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({ method: "get", path: "/v1/resources/{id}", summary: "One resource with its text", security, request: scopedId, responses: { 200: json(s.resource, "The resource"), ...errorResponses, ...notFoundResponse } }),
    async (c) => c.json(await memory.getResource({ scope: scopeFor(c.var.principal, c.req.valid("query")), id: c.req.valid("param").id }), 200),
  );

  app.openapi(
    createRoute({ method: "delete", path: "/v1/resources/{id}", summary: "Delete a resource and the items drawn only from it", security, request: scopedId, responses: { 200: json(s.deleteResourceResult, "What was deleted and kept"), ...errorResponses, ...notFoundResponse } }),
    async (c) => {
      const result = await memory.deleteResource({ scope: scopeFor(c.var.principal, c.req.valid("query")), id: c.req.valid("param").id });
      return c.json({ resourceId: result.resourceId, deletedItemIds: [...result.deletedItemIds], keptItemIds: [...result.keptItemIds] }, 200);
    },
  );

  return app;
}
