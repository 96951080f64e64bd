import { createRoute } from "@hono/zod-openapi";
import { ValidationError, type MemoryService } from "@memograph/core";
import { MemographStore } from "@memograph/langgraph";
import type { Item as StoreItem } from "@langchain/langgraph-checkpoint";
import type { Principal } from "../../auth/principal.js";
import { userOf } from "../../auth/scope.js";
import type { ServerDeps } from "../../deps.js";
import { errorResponses, json, security } from "../common-schemas.js";
import { routeApp } from "../route-app.js";
import * as s from "./schemas.js";

function toApi(item: StoreItem & { score?: number | undefined }) {
  return { namespace: item.namespace, key: item.key, value: item.value, created_at: item.createdAt.toISOString(), updated_at: item.updatedAt.toISOString(), ...(item.score === undefined ? {} : { score: item.score }) };
}

/**
 * The user a namespace belongs to: its first label. A member key works only under its own user (another user's
 * label answers 403); a member's empty prefix means its own user. An admin must name the user.
 */
function storeFor(memory: MemoryService, principal: Principal, namespace: readonly string[], field: string): { store: MemographStore; namespace: string[] } {
  const userId = namespace[0] ?? (principal.role === "member" ? principal.userId! : undefined);
  if (userId === undefined) throw new ValidationError(`${field} must start with the user id for an admin key`, [{ path: field, message: "the first label names the user" }]);
  const user = userOf(principal, userId, field);
  return { store: new MemographStore({ memory, scope: { userId: user } }), namespace: namespace.length === 0 ? [user] : [...namespace] };
}

const noContent = { 204: { description: "Done" } };

/** The LangGraph Platform store API, wire-compatible with @langchain/langgraph-sdk's client.store. */
export function langgraphStoreRoutes({ memory }: ServerDeps) {
  const app = routeApp();

  app.openapi(
    createRoute({ method: "put", path: "/store/items", summary: "Store or replace an item (LangGraph)", security, request: { body: { content: { "application/json": { schema: s.putItemRequest } }, required: true } }, responses: { ...noContent, ...errorResponses } }),
    async (c) => {
      const body = c.req.valid("json");
      const { store, namespace } = storeFor(memory, c.var.principal, body.namespace, "namespace");
      await store.put(namespace, body.key, body.value, body.index ?? undefined);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({ method: "get", path: "/store/items", summary: "One item, or null (LangGraph)", security, request: { query: s.getItemQuery }, responses: { 200: json(s.storeItem.nullable(), "The item or null"), ...errorResponses } }),
    async (c) => {
      const query = c.req.valid("query");
      const labels = query.namespace.split(".");
      const parsed = s.namespace.min(1).safeParse(labels);
      if (!parsed.success) throw ValidationError.fromZod("namespace", parsed.error, "namespace");
      const { store, namespace } = storeFor(memory, c.var.principal, parsed.data, "namespace");
      const item = await store.get(namespace, query.key);
      return c.json(item === null ? null : toApi(item), 200);
    },
  );

  app.openapi(
    createRoute({ method: "delete", path: "/store/items", summary: "Delete an item (LangGraph)", security, request: { body: { content: { "application/json": { schema: s.deleteItemRequest } }, required: true } }, responses: { ...noContent, ...errorResponses } }),
    async (c) => {
      const body = c.req.valid("json");
      const { store, namespace } = storeFor(memory, c.var.principal, body.namespace, "namespace");
      await store.delete(namespace, body.key);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({ method: "post", path: "/store/items/search", summary: "Search items under a namespace prefix, by query and filter (LangGraph)", security, request: { body: { content: { "application/json": { schema: s.searchItemsRequest } }, required: true } }, responses: { 200: json(s.searchItemsResponse, "Matching items"), ...errorResponses } }),
    async (c) => {
      const body = c.req.valid("json");
      const { store, namespace } = storeFor(memory, c.var.principal, body.namespace_prefix, "namespace_prefix");
      const items = await store.search(namespace, { limit: body.limit, offset: body.offset, ...(body.filter ? { filter: body.filter } : {}), ...(body.query ? { query: body.query } : {}) });
      return c.json({ items: items.map(toApi) }, 200);
    },
  );

  app.openapi(
    createRoute({ method: "post", path: "/store/namespaces", summary: "List namespaces (LangGraph)", security, request: { body: { content: { "application/json": { schema: s.listNamespacesRequest } }, required: true } }, responses: { 200: json(s.listNamespacesResponse, "Namespaces"), ...errorResponses } }),
    async (c) => {
      const body = c.req.valid("json");
      const { store, namespace } = storeFor(memory, c.var.principal, body.prefix ?? [], "prefix");
      const namespaces = await store.listNamespaces({ prefix: namespace, limit: body.limit, offset: body.offset, ...(body.suffix ? { suffix: body.suffix } : {}), ...(body.max_depth ? { maxDepth: body.max_depth } : {}) });
      return c.json({ namespaces }, 200);
    },
  );

  return app;
}
