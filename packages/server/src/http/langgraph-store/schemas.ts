import { z } from "@hono/zod-openapi";

// LangGraph Platform store API shapes, as @langchain/langgraph-sdk's client.store sends and reads them.

const label = z.string().min(1).max(256).regex(/^[^.]*$/, "namespace labels cannot contain periods");
/** The first label is the memograph user the entry belongs to: ["alice", "memories"]. */
export const namespace = z.array(label).max(32).openapi({ description: "The first label names the user (memograph scope userId): [userId, ...]" });

export const putItemRequest = z
  .object({
    namespace: namespace.min(1),
    key: z.string().min(1).max(1000),
    value: z.record(z.string(), z.unknown()),
    index: z.union([z.literal(false), z.array(z.string().min(1)), z.null()]).optional(),
    ttl: z
      .number()
      .nullable()
      .optional()
      .refine((ttl) => ttl === null || ttl === undefined, "memograph store entries do not expire: send no ttl (or null) and delete an entry with DELETE /store/items")
      .openapi({ description: "Must be absent or null: memograph entries do not expire (a TTL answers 400 rather than being silently ignored)" }),
  })
  .openapi("StorePutItem");

export const getItemQuery = z.object({
  namespace: z.string().min(1).max(8000).openapi({ description: "Labels joined by '.'" }),
  key: z.string().min(1).max(1000),
  refresh_ttl: z.string().optional().openapi({ description: "Accepted; nothing expires, so there is nothing to refresh" }),
});

export const deleteItemRequest = z.object({ namespace: namespace.min(1), key: z.string().min(1).max(1000) }).openapi("StoreDeleteItem");

export const searchItemsRequest = z
  .object({
    namespace_prefix: namespace.default([]),
    filter: z.record(z.string(), z.unknown()).nullable().optional(),
    limit: z.number().int().min(1).max(1000).default(10),
    offset: z.number().int().min(0).default(0),
    query: z.string().max(10_000).nullable().optional(),
    refresh_ttl: z.boolean().nullable().optional().openapi({ description: "Accepted; nothing expires, so there is nothing to refresh" }),
  })
  .openapi("StoreSearchItems");

export const listNamespacesRequest = z
  .object({
    prefix: namespace.nullable().optional(),
    suffix: namespace.nullable().optional(),
    max_depth: z.number().int().min(1).nullable().optional(),
    limit: z.number().int().min(1).max(1000).default(100),
    offset: z.number().int().min(0).default(0),
  })
  .openapi("StoreListNamespaces");

export const storeItem = z
  .object({ namespace: z.array(z.string()), key: z.string(), value: z.record(z.string(), z.unknown()), created_at: z.string(), updated_at: z.string() })
  .openapi("StoreItem");
export const searchItemsResponse = z.object({ items: z.array(storeItem.extend({ score: z.number().nullable().optional() })) }).openapi("StoreSearchItemsResponse");
export const listNamespacesResponse = z.object({ namespaces: z.array(z.array(z.string())) }).openapi("StoreListNamespacesResponse");
