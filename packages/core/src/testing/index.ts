export { runStoreContract, type StoreContractOptions } from "./store-contract.js";
export { startFakeOpenAI, type ChatRequest, type Reply } from "./fake-openai-server.js";
