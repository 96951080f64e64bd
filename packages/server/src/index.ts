export { createServer, type MemographServer, type ServerOptions } from "./server.js";
export { listen, type Listener, type ListenOptions } from "./node.js";
export { runMemorizeTask, enqueueMemorize, type MemorizeTaskInput } from "./memorize-task.js";
export type { RequestLogEntry, RequestLogger } from "./http/request-log.js";
export type { RateLimit } from "./http/rate-limit.js";
export type { Problem } from "./http/problem.js";
export type { Principal } from "./auth/principal.js";
export { SERVER_VERSION } from "./version.js";
