export type * from "./embedder.js";
export type * from "./language-model.js";
export type * from "./resource-loader.js";
export type * from "./memory-extractor.js";
export type * from "./memory-store.js";
export type * from "./access-store.js";
export type * from "./task-store.js";
export type * from "./server-state.js";
