import { AIMessage, HumanMessage } from "@langchain/core/messages";
import { fakeModel } from "@langchain/core/testing";
import { tool } from "@langchain/core/tools";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { createAgent } from "langchain";
import { createMemory } from "@memograph/core";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { MemographStore } from "./memograph-store.js";

describe("MemographStore in createAgent({ store })", () => {
  it("is the store an agent's tools reach through their config", async () => {
    const memory = await createMemory();
    const store = new MemographStore({ memory, scope: { userId: "shop" } });
    const savePreference = tool(
      async ({ item }, config: LangGraphRunnableConfig) => {
        await config.store!.put(["preferences"], "favourite", { item });
        return "saved";
      },
      { name: "save_preference", description: "Save the user's favourite item", schema: z.object({ item: z.string() }) },
    );
    const model = fakeModel().respondWithTools([{ name: "save_preference", args: { item: "oat latte" } }]).respond(new AIMessage("Saved your favourite."));
    const agent = createAgent({ model, tools: [savePreference], store });
    const result = await agent.invoke({ messages: [new HumanMessage("My favourite is an oat latte.")] });
    expect(result.messages.at(-1)!.content).toBe("Saved your favourite.");
    expect((await store.get(["preferences"], "favourite"))?.value).toEqual({ item: "oat latte" });
    // The value is a memory like any other: retrievable in the store's scope.
    expect((await memory.retrieve({ query: "oat latte", scope: { userId: "shop" } })).items).toHaveLength(1);
  });
});
