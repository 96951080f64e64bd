import { z } from "@hono/zod-openapi";

/** problem+json, shared by every API of the server. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().openapi({ description: "The core's stable MemographError code (VALIDATION, NOT_FOUND, ...) or a server code (UNAUTHORIZED, FORBIDDEN, PAYLOAD_TOO_LARGE, RATE_LIMITED)" }),
    field: z.string().optional(),
    detail: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem");

export const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: problemSchema } } });

/** The error answers every authenticated route may give. */
export const errorResponses = {
  400: problem("Invalid input (VALIDATION)"),
  401: problem("Missing, unknown, revoked or expired API key"),
  403: problem("The key may not do this: read-only, admin-only, or another user's scope"),
  413: problem("Body over the configured limit"),
  429: problem("Rate limit exceeded; see Retry-After"),
} as const;

export const notFoundResponse = { 404: problem("Not found in the caller's scope") } as const;

/** The answers of a route that may call a model. */
export const modelResponses = {
  422: problem("A model is needed and none is configured for the step (MODEL_NOT_CONFIGURED)"),
  502: problem("The model failed or answered unusably after retries (MODEL_FAILURE)"),
} as const;

export const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });

export const security: Array<Record<string, string[]>> = [{ bearer: [] }, { apiKey: [] }];
