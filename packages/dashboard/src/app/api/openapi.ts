/**
 * The /v1 API's types in openapi-typescript's layout. `pnpm -C packages/dashboard run generate-api` overwrites this
 * file from the server's /openapi.json; until the server publishes one it is written by hand from the /v1 contract.
 */

export interface paths {
  "/v1/me": { get: operations["getMe"] };
  "/v1/memorize": { post: operations["memorize"] };
  "/v1/tasks": { get: operations["listTasks"] };
  "/v1/tasks/{id}": { get: operations["getTask"] };
  "/v1/retrieve": { post: operations["retrieve"] };
  "/v1/items": { get: operations["listItems"]; post: operations["createItem"] };
  "/v1/items/{id}": { get: operations["getItem"]; patch: operations["updateItem"]; delete: operations["deleteItem"] };
  "/v1/items/{id}/trace": { get: operations["traceItem"] };
  "/v1/categories": { get: operations["listCategories"] };
  "/v1/categories/{id}": { get: operations["getCategory"] };
  "/v1/resources": { get: operations["listResources"] };
  "/v1/resources/{id}": { get: operations["getResource"]; delete: operations["deleteResource"] };
  "/v1/graph": { get: operations["getGraph"] };
  "/v1/stats": { get: operations["getStats"] };
  "/v1/forget": { post: operations["forget"] };
  "/v1/users": { get: operations["listUsers"] };
  "/v1/keys": { get: operations["listKeys"]; post: operations["createKey"] };
  "/v1/keys/{id}": { delete: operations["revokeKey"] };
}

type Scoped = { userId: string; agentId?: string; sessionId?: string };
type Json<T> = { headers: { [name: string]: unknown }; content: { "application/json": T } };
type Problem = { headers: { [name: string]: unknown }; content: { "application/problem+json": components["schemas"]["Problem"] } };
type Errors = { 400: Problem; 401: Problem; 403: Problem; 404: Problem };
type Params<Query, Path> = ([Query] extends [never] ? { query?: never } : { query: Query }) &
  ([Path] extends [never] ? { path?: never } : { path: Path }) & { header?: never; cookie?: never };
type Op<Query, Path, Body, Responses> = { parameters: Params<Query, Path>; responses: Responses & Errors } & ([Body] extends [never]
  ? { requestBody?: never }
  : { requestBody: { content: { "application/json": Body } } });
type ById = { id: string };

export interface components {
  schemas: {
    Problem: { type: string; title: string; status: number; code: string; field?: string; detail: string };
    Scope: { [key: string]: string };
    Span:
      | { kind: "messages"; messageIds: string[] }
      | { kind: "chars"; start: number; end: number }
      | { kind: "pages"; from: number; to: number }
      | { kind: "time"; startMs: number; endMs: number };
    Source: { resourceId: string; span: components["schemas"]["Span"] };
    Item: {
      id: string;
      type: string;
      summary: string;
      happenedAt: string | null;
      contentHash: string;
      reinforcementCount: number;
      lastReinforcedAt: string | null;
      status: "active" | "superseded";
      scope: components["schemas"]["Scope"];
      sources: components["schemas"]["Source"][];
      categories: string[];
      metadata: { [key: string]: unknown };
      createdAt: string;
      updatedAt: string;
    };
    Category: {
      id: string;
      name: string;
      description: string;
      summary: string;
      citedItemIds: string[];
      itemCount: number;
      scope: components["schemas"]["Scope"];
      createdAt: string;
      updatedAt: string;
    };
    Resource: {
      id: string;
      uri: string;
      modality: "conversation" | "document" | "image" | "audio" | "video";
      contentHash: string;
      caption: string | null;
      text: string;
      scope: components["schemas"]["Scope"];
      metadata: { [key: string]: unknown };
      createdAt: string;
    };
    Usage: {
      modelCalls: number;
      inputTokens: number;
      outputTokens: number;
      durationMs: number;
      steps: { [step: string]: { calls: number; inputTokens: number; outputTokens: number; durationMs: number } };
      profiles: { [profile: string]: { calls: number; inputTokens: number; outputTokens: number } };
    };
    MemorizeResult: {
      created: boolean;
      resource: components["schemas"]["Resource"];
      items: components["schemas"]["Item"][];
      superseded: components["schemas"]["Item"][];
      categories: components["schemas"]["Category"][];
      usage: components["schemas"]["Usage"];
    };
    Task: {
      id: string;
      kind: "memorize";
      status: "pending" | "running" | "succeeded" | "failed";
      userId: string;
      createdAt: string;
      updatedAt: string;
      attempts: number;
      result?: components["schemas"]["MemorizeResult"];
      error?: { code: string; message: string; field?: string };
    };
    Message: { role: string; content: string; createdAt?: string; name?: string };
    RetrieveResult: {
      method: "rag" | "llm";
      query: string;
      items: (components["schemas"]["Item"] & { score: number })[];
      categories: (components["schemas"]["Category"] & { score: number })[];
      resources: { id: string; uri: string; modality: components["schemas"]["Resource"]["modality"]; caption: string | null; createdAt: string; score: number }[];
      sufficient: boolean | null;
      tiers: ("categories" | "items" | "resources")[];
      nextStepQuery: string | null;
      usage: components["schemas"]["Usage"];
    };
    Trace: {
      item: components["schemas"]["Item"];
      sources: { resource: Omit<components["schemas"]["Resource"], "text">; span: components["schemas"]["Span"]; excerpt: string }[];
      categories: components["schemas"]["Category"][];
    };
    DeleteResourceResult: { resourceId: string; deletedItemIds: string[]; keptItemIds: string[] };
    GraphNode: { id: string; kind: "resource" | "item" | "category"; label: string; type?: string };
    GraphEdge: { source: string; target: string; kind: "extracted_from" | "in_category" | "cites" };
    Graph: { nodes: components["schemas"]["GraphNode"][]; edges: components["schemas"]["GraphEdge"][]; truncated: boolean };
    Stats: {
      items: { total: number; byType: { [type: string]: number } };
      categories: { id: string; name: string; itemCount: number }[];
      resources: { total: number; recent: components["schemas"]["Resource"][] };
      tasks: { pending: number; running: number; failed: number };
      usage: { [key: string]: unknown } | null;
    };
    ForgetCounts: { [kind: string]: number };
    KeyRecord: {
      id: string;
      name: string | null;
      role: "admin" | "member";
      userId: string | null;
      readOnly: boolean;
      createdAt: string;
      expiresAt: string | null;
      revokedAt: string | null;
      lastUsedAt: string | null;
    };
    Me: { keyId: string; name: string | null; role: "admin" | "member"; userId: string | null; readOnly: boolean };
  };
}

type S = components["schemas"];

export interface operations {
  getMe: Op<never, never, never, { 200: Json<S["Me"]> }>;
  memorize: Op<
    never,
    never,
    Scoped & { content?: string | S["Message"][]; resourceUrl?: string; modality?: S["Resource"]["modality"]; async?: boolean },
    { 200: Json<S["MemorizeResult"]>; 202: Json<{ task: S["Task"] }> }
  >;
  listTasks: Op<{ userId?: string; status?: S["Task"]["status"]; limit?: number; cursor?: string }, never, never, { 200: Json<{ tasks: S["Task"][]; nextCursor: string | null }> }>;
  getTask: Op<{ userId?: string }, ById, never, { 200: Json<S["Task"]> }>;
  retrieve: Op<never, never, Scoped & { query: string; topK?: number; method?: "rag" | "llm"; where?: { [key: string]: string | string[] }; types?: string[] }, { 200: Json<S["RetrieveResult"]> }>;
  listItems: Op<
    Scoped & { type?: string; category?: string; from?: string; to?: string; limit?: number; cursor?: string },
    never,
    never,
    { 200: Json<{ items: S["Item"][]; nextCursor: string | null }> }
  >;
  createItem: Op<never, never, Scoped & { type: string; summary: string; categories?: string[] }, { 201: Json<S["Item"]> }>;
  getItem: Op<{ userId: string }, ById, never, { 200: Json<S["Item"]> }>;
  updateItem: Op<never, ById, { userId: string; summary?: string; type?: string; categories?: string[] }, { 200: Json<S["Item"]> }>;
  deleteItem: Op<{ userId: string }, ById, never, { 200: Json<S["Item"]> }>;
  traceItem: Op<{ userId: string }, ById, never, { 200: Json<S["Trace"]> }>;
  listCategories: Op<{ userId: string }, never, never, { 200: Json<{ categories: S["Category"][] }> }>;
  getCategory: Op<{ userId: string }, ById, never, { 200: Json<S["Category"]> }>;
  listResources: Op<{ userId: string; limit?: number; cursor?: string }, never, never, { 200: Json<{ resources: S["Resource"][]; nextCursor: string | null }> }>;
  getResource: Op<{ userId: string }, ById, never, { 200: Json<S["Resource"]> }>;
  deleteResource: Op<{ userId: string }, ById, never, { 200: Json<S["DeleteResourceResult"]> }>;
  getGraph: Op<{ userId: string; category?: string; resource?: string; limit?: number }, never, never, { 200: Json<S["Graph"]> }>;
  getStats: Op<{ userId: string }, never, never, { 200: Json<S["Stats"]> }>;
  forget: Op<never, never, { userId: string; agentId?: string; confirm: string }, { 200: Json<S["ForgetCounts"]> }>;
  listUsers: Op<never, never, never, { 200: Json<{ users: { userId: string; items: number; resources: number }[] }> }>;
  listKeys: Op<never, never, never, { 200: Json<{ keys: S["KeyRecord"][] }> }>;
  createKey: Op<never, never, { role: "admin" | "member"; userId?: string; readOnly?: boolean; name?: string; expiresAt?: string }, { 201: Json<{ key: string; record: S["KeyRecord"] }> }>;
  revokeKey: Op<never, ById, never, { 200: Json<S["KeyRecord"]> }>;
}
