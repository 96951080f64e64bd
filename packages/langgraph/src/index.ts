export { MemographStore, type MemographStoreOptions } from "./memograph-store.js";
export { MemographAnnotation, recallNode, memorizeNode, type NodeOptions, type ScopeResolver } from "./nodes.js";
