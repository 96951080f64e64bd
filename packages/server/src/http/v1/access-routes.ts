import { createRoute } from "@hono/zod-openapi";
import { adminOnly } from "../../auth/roles.js";
import type { ServerDeps } from "../../deps.js";
import { errorResponses, json, notFoundResponse, security } from "../common-schemas.js";
import { routeApp } from "../route-app.js";
import * as s from "./schemas.js";
import { keyToWire } from "./wire.js";

/** Who the caller is, and key management for admins. */
export function accessRoutes({ access }: ServerDeps) {
  const app = routeApp();
  app.use("/v1/keys", adminOnly());
  app.use("/v1/keys/*", adminOnly());

  app.openapi(
    createRoute({ method: "get", path: "/v1/me", summary: "The caller's key: role, user, read-only", security, responses: { 200: json(s.me, "The calling key"), ...errorResponses } }),
    (c) => {
      const principal = c.var.principal;
      return c.json({ keyId: principal.id, name: principal.name, role: principal.role, userId: principal.userId, readOnly: principal.readOnly }, 200);
    },
  );

  app.openapi(
    createRoute({ method: "get", path: "/v1/keys", summary: "[admin] Every API key (never the secrets)", security, responses: { 200: json(s.keyList, "Keys"), ...errorResponses } }),
    async (c) => c.json({ keys: (await access.listKeys()).map(keyToWire) }, 200),
  );

  app.openapi(
    createRoute({ method: "post", path: "/v1/keys", summary: "[admin] Create a key; its secret is shown only in this answer", security, request: { body: { content: { "application/json": { schema: s.createKeyBody } }, required: true } }, responses: { 201: json(s.createdKey, "The new key"), ...errorResponses } }),
    async (c) => {
      const { key, record } = await access.createKey(c.req.valid("json"));
      return c.json({ key, record: keyToWire(record) }, 201);
    },
  );

  app.openapi(
    createRoute({ method: "delete", path: "/v1/keys/{id}", summary: "[admin] Revoke a key", security, request: { params: s.idParam }, responses: { 200: json(s.keyRecord, "The revoked key"), ...errorResponses, ...notFoundResponse } }),
    async (c) => c.json(keyToWire(await access.revokeKey(c.req.valid("param").id)), 200),
  );

  return app;
}
