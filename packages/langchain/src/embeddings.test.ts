import { InMemoryStore } from "@langchain/langgraph";
import { HashingEmbedder } from "@memograph/core";
import { describe, expect, it } from "vitest";
import { MemographEmbeddings } from "./embeddings.js";

describe("MemographEmbeddings", () => {
  it("gives LangChain the embedder's vectors, and indexes a LangGraph InMemoryStore", async () => {
    const embedder = new HashingEmbedder({ dimensions: 64 });
    const embeddings = new MemographEmbeddings(embedder);
    expect(await embeddings.embedQuery("green tea")).toEqual((await embedder.embed(["green tea"]))[0]);
    expect(await embeddings.embedDocuments(["a b", "c d"])).toEqual(await embedder.embed(["a b", "c d"]));
    const store = new InMemoryStore({ index: { dims: embeddings.dimensions, embeddings, fields: ["text"] } });
    await store.put(["n"], "1", { text: "brewing green tea" });
    await store.put(["n"], "2", { text: "changing a bicycle tyre" });
    const [first] = await store.search(["n"], { query: "green tea" });
    expect(first?.key).toBe("1");
    expect(first?.score).toBeGreaterThan(0);
  });
});
