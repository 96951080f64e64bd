export { createServer, type MemographServer, type ServerOptions } from "./server.js";
export { listen, type Listener, type ListenOptions } from "./node.js";
export { enqueueMemorize, type MemorizeTaskInput } from "./memorize-task.js";
export { TaskRunner, runMemorize, ATTEMPTS_EXHAUSTED, INTERNAL_ERROR, type TaskRunnerOptions, type TaskRunnerSettings } from "./tasks/index.js";
export type { RequestLogEntry, RequestLogger } from "./http/request-log.js";
export type { RateLimit } from "./http/rate-limit.js";
export type { Problem } from "./http/problem.js";
export type { Principal } from "./auth/principal.js";
export { SERVER_VERSION } from "./version.js";
