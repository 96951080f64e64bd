import { ValidationError } from "../errors/index.js";
import type { Category, Item, Modality, Resource, Scope, Source } from "../model/index.js";
import type { Embedded } from "../ports/index.js";
import { categoryChoices, itemHash, ownCategories, readScope, rebuildCategories, type Engine } from "../service/engine.js";
import { memorizeInputSchema, type MemorizeInput } from "../service/inputs.js";
import { UsageTracker, type Usage } from "../service/usage.js";
import { sha256 } from "../util/hash.js";
import { newId } from "../util/ids.js";
import { decodeText, detectModality, prepareContent } from "./prepare.js";

export interface MemorizeResult {
  /** False when the scope already held this exact content: nothing was written (memorize is idempotent). */
  readonly created: boolean;
  readonly resource: Resource;
  /** The memories drawn from the resource: new ones and reinforced existing ones. */
  readonly items: readonly Item[];
  /** The categories those memories belong to, with their summaries as now stored. */
  readonly categories: readonly Category[];
  readonly usage: Usage;
}

// The resource's own vector is for resource-level search; a whole long transcript would blur it.
const RESOURCE_EMBED_CHARS = 4000;

/** Load → preprocess → extract → reconcile → categorise → summarise → persist, in one atomic write. */
export async function memorize(engine: Engine, rawInput: MemorizeInput): Promise<MemorizeResult> {
  const parsed = memorizeInputSchema.safeParse(rawInput);
  if (!parsed.success) throw ValidationError.fromZod("memorize input", parsed.error);
  const input = parsed.data;
  const scope = engine.scopeSpec.parse(input.scope);
  const usage = new UsageTracker();

  const loaded = await usage.step("load", async () => {
    if (input.resourceUrl !== undefined) return engine.loader.load({ uri: input.resourceUrl });
    const content = typeof input.content === "string" ? input.content : JSON.stringify(input.content);
    return { uri: input.uri ?? `inline:${sha256(content).slice(0, 12)}`, bytes: new TextEncoder().encode(content), mediaType: undefined };
  });
  const text = decodeText(loaded.bytes);
  const modality: Modality = input.modality ?? detectModality(loaded.uri, text);
  // Preprocessing comes before the duplicate check, so bad input is reported the same way every time.
  const prepared = await usage.step("preprocess", () => prepareContent(loaded.uri, modality, text));
  const contentHash = sha256(loaded.bytes);
  const existing = await engine.store.findResourceByHash(scope, contentHash);
  if (existing !== null) return alreadyMemorized(engine, scope, existing, usage);
  const own = await ownCategories(engine, scope);
  const extracted = await usage.step("extract", () =>
    engine.extractor.extract({ uri: loaded.uri, modality, content: prepared.content }, { memoryTypes: engine.memoryTypes, categories: categoryChoices(engine, own) }),
  );

  const now = engine.now().toISOString();
  const resource: Resource = {
    id: newId("res"),
    uri: loaded.uri,
    modality,
    contentHash,
    caption: null,
    text: prepared.resourceText,
    scope,
    metadata: input.metadata,
    createdAt: now,
  };

  // Reconcile: an exact duplicate (same type and text) of a stored memory, or of one earlier in this resource,
  // reinforces it instead of adding a copy.
  const stored = new Map((await engine.store.findItemsByHash(scope, extracted.map((memory) => itemHash(memory.type, memory.summary)))).map((item) => [item.contentHash, item]));
  const fresh = new Map<string, Item>();
  const reinforce: { itemId: string; source: Source; at: string }[] = [];
  for (const memory of extracted) {
    const hash = itemHash(memory.type, memory.summary);
    const source: Source = { resourceId: resource.id, span: memory.span };
    const known = stored.get(hash);
    if (known !== undefined) {
      reinforce.push({ itemId: known.id, source, at: now });
      continue;
    }
    const pending = fresh.get(hash);
    if (pending !== undefined) {
      fresh.set(hash, { ...pending, reinforcementCount: pending.reinforcementCount + 1, lastReinforcedAt: now, sources: [...pending.sources, source] });
      continue;
    }
    fresh.set(hash, {
      id: newId("itm"),
      type: memory.type,
      summary: memory.summary,
      happenedAt: memory.happenedAt,
      contentHash: hash,
      reinforcementCount: 1,
      lastReinforcedAt: null,
      status: "active",
      scope,
      sources: [source],
      categories: [...new Set(memory.categories)],
      metadata: {},
      createdAt: now,
      updatedAt: now,
    });
  }
  const newItems = [...fresh.values()];

  const [resourceVector, ...itemVectors] = await usage.step("embed", () =>
    engine.embedder.embed([prepared.resourceText.slice(0, RESOURCE_EMBED_CHARS), ...newItems.map((item) => item.summary)]),
  );
  const touched = newItems.flatMap((item) => item.categories);
  const categories = await usage.step("summarize", () => rebuildCategories(engine, scope, touched, { upserted: newItems, deletedIds: new Set() }, own));

  const upsertItems: Embedded<Item>[] = newItems.map((record, index) => ({ record, embedding: itemVectors[index]! }));
  const written = await usage.step("persist", () =>
    engine.store.write(scope, { resource: { record: resource, embedding: resourceVector! }, upsertItems, reinforce, upsertCategories: categories }),
  );
  if (written.status === "duplicate") {
    // A concurrent memorize of the same content won the race; report its result.
    const winner = await engine.store.getResource(readScope(scope), written.existingResourceId);
    return alreadyMemorized(engine, scope, winner!, usage);
  }
  const items = await engine.store.getItems(readScope(scope), [...newItems.map((item) => item.id), ...new Set(reinforce.map((entry) => entry.itemId))]);
  const storedCategories = await engine.store.getCategories(readScope(scope), categories.map((category) => category.record.id));
  return { created: true, resource, items, categories: storedCategories, usage: usage.finish() };
}

async function alreadyMemorized(engine: Engine, scope: Scope, resource: Resource, usage: UsageTracker): Promise<MemorizeResult> {
  const items = await engine.store.itemsFromResource(readScope(scope), resource.id);
  const names = new Set(items.flatMap((item) => item.categories));
  const categories = [...(await ownCategories(engine, scope)).values()].filter((category) => names.has(category.name));
  return { created: false, resource, items, categories, usage: usage.finish() };
}
