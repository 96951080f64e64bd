export { runStoreContract, type StoreContractOptions } from "./store-contract.js";
export * from "./fake-openai.js";
export { accessStoreContract, type AccessStoreContractOptions } from "./access-store-contract.js";
export { taskStoreContract, type TaskStoreContractOptions } from "./task-store-contract.js";
export { runReindexContract, type ReindexContractOptions } from "./store-contract-reindex.js";
