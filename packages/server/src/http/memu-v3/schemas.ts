import { z } from "@hono/zod-openapi";
import { modalitySchema } from "@memograph/core";

// memU Cloud v3 request and answer shapes (snake_case, as memU's clients send and read them).

const id = z.string().min(1).max(256);
const message = z.object({ role: z.string().min(1), content: z.string(), name: z.string().optional(), created_at: z.string().optional() }).passthrough();

export const memorizeRequest = z
  .object({
    conversation: z.array(message).min(1).optional(),
    resource_url: z.string().min(1).optional(),
    modality: modalitySchema.optional(),
    user_id: id,
    user_name: z.string().optional(),
    agent_id: id.optional(),
    agent_name: z.string().optional(),
    session_date: z.string().optional(),
  })
  .refine((input) => (input.conversation === undefined) !== (input.resource_url === undefined), { message: "give exactly one of conversation and resource_url", path: ["conversation"] })
  .openapi("MemuMemorizeRequest");

export const taskStatus = z.enum(["PENDING", "PROCESSING", "SUCCESS", "FAILED"]);
export const memorizeResponse = z.object({ task_id: z.string(), status: taskStatus, message: z.string() }).openapi("MemuMemorizeResponse");

const memuItem = z.object({
  id: z.string(),
  memory_type: z.string(),
  content: z.string(),
  summary: z.string(),
  happened_at: z.string().nullable(),
  created_at: z.string(),
  categories: z.array(z.string()),
  resource_ids: z.array(z.string()).openapi({ description: "Provenance: the resources the memory was drawn from" }),
  user_id: z.string().optional().openapi({ description: "Whose memory it is (retrieve answers only; an admin retrieve may mix users)" }),
  agent_id: z.string().nullable().optional(),
  score: z.number().optional(),
});
const memuCategory = z.object({ id: z.string(), name: z.string(), description: z.string(), summary: z.string(), user_id: z.string(), agent_id: z.string().nullable(), score: z.number().optional() });
const memuResource = z.object({ id: z.string(), modality: modalitySchema, resource_url: z.string(), caption: z.string().nullable(), created_at: z.string(), user_id: z.string(), agent_id: z.string().nullable(), score: z.number().optional() });

export const statusParam = z.object({ task_id: z.string().min(1).max(200).openapi({ param: { name: "task_id", in: "path" } }) });
export const statusResponse = z
  .object({
    task_id: z.string(),
    status: taskStatus,
    created_at: z.string(),
    completed_at: z.string().nullable(),
    result: z.object({ resource_id: z.string(), items: z.array(memuItem), categories: z.array(z.string()) }).optional(),
    error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }).optional(),
  })
  .openapi("MemuTaskStatus");

export const categoriesRequest = z.object({ user_id: id, agent_id: id.optional() }).openapi("MemuCategoriesRequest");
export const categoriesResponse = z.object({ categories: z.array(memuCategory) }).openapi("MemuCategories");

export const retrieveRequest = z
  .object({
    user_id: id.optional().openapi({ description: "Required of a member key only as its own user; an admin key omitting it retrieves across every user" }),
    agent_id: id.optional(),
    query: z.union([z.string().min(1).max(10_000), z.array(z.object({ role: z.string().min(1), content: z.string() }).passthrough()).min(1)]),
    method: z.enum(["rag", "llm"]).default("rag"),
  })
  .openapi("MemuRetrieveRequest");
export const retrieveResponse = z
  .object({ rewritten_query: z.string(), next_step_query: z.string().nullable(), categories: z.array(memuCategory), items: z.array(memuItem), resources: z.array(memuResource) })
  .openapi("MemuRetrieveResponse");

export type MemuItem = z.infer<typeof memuItem>;
export type MemuCategory = z.infer<typeof memuCategory>;
