import { expect } from "vitest";
import type { Item, Resource, Scope } from "../model/index.js";
import { readScope } from "../engine/engine.js";
import { unitWindows } from "../memorize/unit-window.js";
import { embedWithItems } from "../memorize/vector-text.js";
import type { MemoryService } from "../service/memory-service.js";

/**
 * Checks that the store holds, as `item`'s vector, the one a fresh memorize computes for its summary and the window of
 * its first source in `resource`: the item is its own nearest neighbour at similarity 1.
 */
export async function expectVectorFrom(memory: MemoryService, scope: Scope, item: Item, resource: Resource): Promise<void> {
  const window = unitWindows(resource)(item.sources[0]!.span);
  expect(window).not.toBeNull();
  const {
    items: [vector],
  } = await embedWithItems(memory.embedder, [], [{ summary: item.summary, window }]);
  const [nearest] = await memory.store.vectorSearch("item", readScope(scope), vector!, 1);
  expect(nearest?.id).toBe(item.id);
  expect(nearest!.score).toBeCloseTo(1, 4);
}
