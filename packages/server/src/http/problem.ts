import { MemographError, ValidationError } from "@memograph/core";

/** Codes the server adds to the core's MemographError codes; the core's codes pass through unchanged. */
export type ServerErrorCode = "UNAUTHORIZED" | "FORBIDDEN" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "NOT_FOUND" | "INTERNAL";

/** An error the HTTP layer raises itself (auth, limits); answered as problem+json with its status. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: ServerErrorCode,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = "HttpProblem";
  }
}

const CODE_OF_STATUS: Record<number, ServerErrorCode> = { 401: "UNAUTHORIZED", 403: "FORBIDDEN", 404: "NOT_FOUND", 413: "PAYLOAD_TOO_LARGE", 429: "RATE_LIMITED" };

/** Hono's own HTTP errors (a body it could not parse, say) in the server's terms. */
export function fromHttpException(status: number, message: string): Error {
  const code = CODE_OF_STATUS[status];
  if (code !== undefined) return new HttpProblem(status, code, message);
  if (status >= 400 && status < 500) return new ValidationError(message, [{ path: "body", message }]);
  return new HttpProblem(500, "INTERNAL", message);
}

/** RFC 9457 problem details, with the stable `code` (and `field`) clients branch on. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: string;
  readonly field?: string;
  readonly detail: string;
  readonly issues?: ReadonlyArray<{ path: string; message: string }>;
}

const STATUS_OF_CODE: Record<string, number> = {
  VALIDATION: 400,
  NOT_FOUND: 404,
  RESOURCE_REFUSED: 422,
  RESOURCE_UNREADABLE: 422,
  UNSUPPORTED_MODALITY: 422,
  MODEL_NOT_CONFIGURED: 422,
  STORE_MISMATCH: 500,
  STORE_FAILURE: 503,
  MODEL_FAILURE: 502,
  CONFLICT: 409,
};

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  413: "Payload Too Large",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
};

function problem(status: number, code: string, detail: string, extra: { field?: string | undefined; issues?: ValidationError["issues"] } = {}): Problem {
  return {
    type: `https://memograph.dev/errors/${code.toLowerCase().replaceAll("_", "-")}`,
    title: TITLES[status] ?? "Error",
    status,
    code,
    ...(extra.field === undefined ? {} : { field: extra.field }),
    detail,
    ...(extra.issues === undefined ? {} : { issues: extra.issues }),
  };
}

/** The problem an error answers with. Unknown errors answer 500 without their message (it may hold internals). */
export function problemOf(error: unknown): { problem: Problem; headers: Readonly<Record<string, string>> } {
  if (error instanceof HttpProblem) return { problem: problem(error.status, error.code, error.message), headers: error.headers };
  if (MemographError.isInstance(error)) {
    const issues = error instanceof ValidationError ? error.issues : undefined;
    return { problem: problem(STATUS_OF_CODE[error.code] ?? 500, error.code, error.message, { field: error.field, ...(issues ? { issues } : {}) }), headers: {} };
  }
  return { problem: problem(500, "INTERNAL", "The server failed to handle the request"), headers: {} };
}

export function problemResponse(error: unknown): Response {
  const { problem: body, headers } = problemOf(error);
  return new Response(JSON.stringify(body), { status: body.status, headers: { "content-type": "application/problem+json", ...headers } });
}
