import { expect } from "vitest";
import type { Item, Resource, Scope } from "../model/index.js";
import { readScope } from "../engine/engine.js";
import { unitWindows } from "../memorize/unit-window.js";
import { embedWithItems } from "../memorize/vector-text.js";
import type { MemoryService } from "../service/memory-service.js";

/**
 * Checks that the store holds, as `item`'s vector, the one a fresh memorize computes for its summary and the window of
 * its first source in `resource`: searched by that vector, the item scores 1 (within what an approximate vector index
 * gives back; a vector of the summary alone or of another window is far below).
 */
export async function expectVectorFrom(memory: MemoryService, scope: Scope, item: Item, resource: Resource): Promise<void> {
  const window = unitWindows(resource)(item.sources[0]!.span);
  expect(window).not.toBeNull();
  const {
    items: [vector],
  } = await embedWithItems(memory.embedder, [], [{ summary: item.summary, window }]);
  // Memories kept word for word from one paragraph share its vector: the item is among the nearest, not always first.
  const hit = (await memory.store.vectorSearch("item", readScope(scope), vector!, 5)).find((candidate) => candidate.id === item.id);
  expect(hit?.score).toBeGreaterThan(0.99);
}
