export { runStoreContract, type StoreContractOptions } from "./store-contract.js";
export { salienceScenario, type SalienceScenario } from "./salience-scenario.js";
export * from "./fake-openai.js";
export { accessStoreContract, type AccessStoreContractOptions } from "./access-store-contract.js";
export { taskStoreContract, type TaskStoreContractOptions } from "./task-store-contract.js";
export { runReindexContract, type ReindexContractOptions } from "./store-contract-reindex.js";
