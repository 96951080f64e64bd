import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "./openapi.js";

const KEY_STORAGE = "memograph.apiKey";

/** The API key lives in this tab's session storage only: never in a URL, gone when the tab closes. */
export const apiKey = {
  get: (): string | null => sessionStorage.getItem(KEY_STORAGE),
  set: (key: string): void => sessionStorage.setItem(KEY_STORAGE, key),
  clear: (): void => sessionStorage.removeItem(KEY_STORAGE),
};

/** An answer of the API that is not a success: the problem document's code, field and detail. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

const auth: Middleware = {
  onRequest({ request }) {
    const key = apiKey.get();
    if (key !== null) request.headers.set("Authorization", `Bearer ${key}`);
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: globalThis.location?.origin ?? "" });
api.use(auth);

interface Problem {
  readonly code?: string;
  readonly field?: string;
  readonly detail?: string;
  readonly title?: string;
}

/** The data of a call, or its problem thrown as an ApiError (TanStack Query's error channel). */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) {
    const problem: Problem = typeof error === "object" && error !== null ? (error as Problem) : {};
    throw new ApiError(response.status, problem.code ?? `HTTP_${response.status}`, problem.detail ?? problem.title ?? response.statusText, problem.field);
  }
  return data as T;
}
