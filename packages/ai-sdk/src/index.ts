export { memoryTools, type MemoryTools, type MemoryToolsOptions, type MemoryToolItem } from "./memory-tools.js";
export { memoryMiddleware, type MemoryMiddlewareOptions } from "./memory-middleware.js";
export type { ScopeSource } from "./scope-source.js";
export { aiSdkLanguageModel, aiSdkEmbedder, aiSdkTranscriber, type AiSdkStructuredMode } from "./models/models.js";
