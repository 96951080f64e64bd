/** The TypeScript source of src/app/api/openapi.ts for an OpenAPI document. */
export function apiTypesSource(document: unknown): Promise<string>;
/** The OpenAPI document of a server created in process over in-memory stores. */
export function serverDocument(): Promise<Record<string, unknown>>;
