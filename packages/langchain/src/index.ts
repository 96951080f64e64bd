export { MemographRetriever, toDocument, type MemographRetrieverInput, type MemographRetrieverOverrides, type MemoryDocumentMetadata } from "./retriever.js";
export { MemographChatMessageHistory, type MemographChatMessageHistoryInput } from "./chat-history.js";
export { memographTools, type MemographToolsInput, type MemographToolset } from "./tools.js";
export { memographMiddleware, type MemographMiddlewareOptions } from "./agent-middleware.js";
export { MemographEmbeddings } from "./embeddings.js";
export { toConversation, latestHumanText, messageText, type ConversationTurn } from "./messages.js";
