// The fake OpenAI-compatible server and the scripted memory model, without the vitest-based contract suite, so
// examples and benchmarks can run them as plain programs.
export { startFakeOpenAI, approximateTokens, answerName, contentText, promptText, type ChatRequest, type ChatContentPart, type Reply, type FakeOpenAI, type FakeOpenAIOptions, type TranscriptionRequest } from "./fake-openai-server.js";
export { minimalInstance, schemaViolations } from "./json-schema-instance.js";
export { scriptedMemoryModel, scriptedLanguageModel, type ScriptedAnswers } from "./scripted-memory-model.js";
