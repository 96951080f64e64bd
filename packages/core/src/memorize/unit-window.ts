import type { Item, Resource, Span } from "../model/index.js";
import type { MemoryStore, ReadScope } from "../ports/index.js";
import { storedContent } from "./stored-content.js";
import { unitLocator } from "./unit-locator.js";
import { unitsOf } from "./units.js";

/**
 * The units of its source an item's vector is made of (vector-text.ts), each embedded on its own: the messages,
 * paragraphs or transcript lines a memory cites, and their neighbours.
 */
export interface UnitWindow {
  readonly units: readonly { readonly text: string; readonly cited: boolean }[];
}

/** Units on either side of the cited ones, within the same session (LoCoMo dev: ±2 beat ±1 and ±3; bench/README.md). */
const NEIGHBOURS = 2;
/** A span citing more units keeps this many around its middle: a memory of a whole chapter is not a chapter's vector. */
const MAX_CITED = 8;

/**
 * The window of each span in a resource, read from the resource as stored (storedContent): memorize, the service and
 * reindex all see the same units, so they compute the same vector. Null for a span that does not locate in it.
 */
export function unitWindows(resource: Pick<Resource, "modality" | "text">): (span: Span) => UnitWindow | null {
  const units = unitsOf(storedContent(resource));
  const locate = unitLocator(units);
  return (span) => {
    const range = locate(span);
    if (range === null) return null;
    const middle = (range.first + range.last) >> 1;
    const first = Math.max(range.first, middle - (MAX_CITED >> 1) + 1);
    const last = Math.min(range.last, first + MAX_CITED - 1);
    const window: { text: string; cited: boolean }[] = [];
    for (let index = first - NEIGHBOURS; index <= last + NEIGHBOURS; index++) {
      const unit = units[index];
      if (unit === undefined) continue;
      const cited = index >= first && index <= last;
      // A neighbour from another session (another day's conversation) says nothing about this memory.
      if (!cited && unit.group !== units[index < first ? first : last]!.group) continue;
      window.push({ text: unit.text, cited });
    }
    return { units: window };
  };
}

/**
 * The window of each item's first source, reading each resource once; `known` are resources in hand (one being
 * written). An item without a source, or whose resource is gone, has none.
 */
export async function itemWindows(store: Pick<MemoryStore, "getResource">, read: ReadScope, items: readonly Pick<Item, "sources">[], known: readonly Resource[] = []): Promise<(UnitWindow | null)[]> {
  const windows = new Map<string, Promise<((span: Span) => UnitWindow | null) | null>>(known.map((resource) => [resource.id, Promise.resolve(unitWindows(resource))]));
  const windowsOf = (resourceId: string) => {
    let found = windows.get(resourceId);
    if (found === undefined) windows.set(resourceId, (found = store.getResource(read, resourceId).then((resource) => (resource === null ? null : unitWindows(resource)))));
    return found;
  };
  return Promise.all(
    items.map(async (item) => {
      const source = item.sources[0];
      if (source === undefined) return null;
      return (await windowsOf(source.resourceId))?.(source.span) ?? null;
    }),
  );
}
