export { runStoreContract, type StoreContractOptions } from "./store-contract.js";
export * from "./fake-openai.js";
