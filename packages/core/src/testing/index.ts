export { runStoreContract, type StoreContractOptions } from "./store-contract.js";
export { startFakeOpenAI, approximateTokens, type ChatRequest, type ChatContentPart, type Reply, type FakeOpenAI, type FakeOpenAIOptions, type TranscriptionRequest } from "./fake-openai-server.js";
export { scriptedMemoryModel, scriptedLanguageModel, type ScriptedAnswers } from "./scripted-memory-model.js";
