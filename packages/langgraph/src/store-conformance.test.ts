import { InMemoryStore } from "@langchain/langgraph-checkpoint";
import { createMemory } from "@memograph/core";
import { MemographStore } from "./memograph-store.js";
import { runStoreConformance } from "./store-conformance.suite.js";

// The reference: the suite passing here is what shows it encodes LangGraph's own behaviour.
runStoreConformance("InMemoryStore", { createStore: async (index) => new InMemoryStore(index === undefined ? undefined : { index }) });

runStoreConformance("MemographStore (embedded)", {
  createStore: async (index) => new MemographStore({ memory: await createMemory(), scope: { userId: "app" }, ...(index === undefined ? {} : { index }) }),
});
