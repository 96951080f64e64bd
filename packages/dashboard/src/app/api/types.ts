import type { paths } from "./openapi.js";

// Types are read from the paths, not from schema names, so they survive regenerating openapi.ts from the server.
type JsonOf<R> = R extends { content: { "application/json": infer T } } ? T : never;
type Ok<Op> = Op extends { responses: infer R } ? (R extends { 200: infer A } ? JsonOf<A> : R extends { 201: infer B } ? JsonOf<B> : never) : never;
type BodyOf<Op> = Op extends { requestBody?: { content: { "application/json": infer T } } } ? T : never;
type QueryOf<Op> = Op extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

export type Me = Ok<paths["/v1/me"]["get"]>;
export type Item = Ok<paths["/v1/items/{id}"]["get"]>;
export type ItemPage = Ok<paths["/v1/items"]["get"]>;
export type ItemFilters = QueryOf<paths["/v1/items"]["get"]>;
export type ItemPatch = BodyOf<paths["/v1/items/{id}"]["patch"]>;
export type Trace = Ok<paths["/v1/items/{id}/trace"]["get"]>;
export type TraceSource = Trace["sources"][number];
export type Span = Item["sources"][number]["span"];
export type Category = Ok<paths["/v1/categories/{id}"]["get"]>;
export type Resource = Ok<paths["/v1/resources/{id}"]["get"]>;
export type RetrieveResult = Ok<paths["/v1/retrieve"]["post"]>;
export type RetrieveInput = BodyOf<paths["/v1/retrieve"]["post"]>;
export type ItemHit = RetrieveResult["items"][number];
export type Task = Ok<paths["/v1/tasks/{id}"]["get"]>;
export type MemorizeInput = BodyOf<paths["/v1/memorize"]["post"]>;
export type Graph = Ok<paths["/v1/graph"]["get"]>;
export type GraphFilters = QueryOf<paths["/v1/graph"]["get"]>;
export type Stats = Ok<paths["/v1/stats"]["get"]>;
export type UserUsage = Ok<paths["/v1/users"]["get"]>["users"][number];
export type KeyRecord = Ok<paths["/v1/keys"]["get"]>["keys"][number];
export type CreateKeyInput = BodyOf<paths["/v1/keys"]["post"]>;
export type CreatedKey = Ok<paths["/v1/keys"]["post"]>;
export type ForgetCounts = Ok<paths["/v1/forget"]["post"]>;
