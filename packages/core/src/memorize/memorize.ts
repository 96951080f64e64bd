import type { Category, Item, Modality, Resource, Scope } from "../model/index.js";
import type { Embedded, Extraction, LoadedResource } from "../ports/index.js";
import { operation, readScope } from "../engine/engine.js";
import { parseInput } from "../engine/inputs.js";
import type { Usage, UsageTracker } from "../engine/usage.js";
import { sha256 } from "../util/hash.js";
import { newId } from "../util/ids.js";
import { categoryChoices, ownCategories, rebuildCategories } from "./categories.js";
import { summarizerFor } from "./category-summary.js";
import { inlineContentBytes } from "./inline-content.js";
import { itemHash } from "./item-hash.js";
import type { MemorizeEngine } from "./memorize-engine.js";
import { memorizeInputSchema, type MemorizeInput } from "./memorize-input.js";
import { extractWithModel } from "./model-extract.js";
import { decodeText, detectModality, prepareContent } from "./prepare.js";
import { reconcile, type ProposedItem } from "./reconcile.js";
import { sourceContext } from "./source-context.js";
import { itemWindows, unitWindows } from "./unit-window.js";
import { embedWithItems, resourceVectorText } from "./vector-text.js";

export interface MemorizeResult {
  /** False when the scope already held this exact content: nothing was written (memorize is idempotent). */
  readonly created: boolean;
  readonly resource: Resource;
  /** The memories drawn from the resource: new, reinforced and updated ones. */
  readonly items: readonly Item[];
  /** Stored items this resource superseded (kept, linked by a SUPERSEDED_BY edge and `metadata.supersededBy`, out of default results; see `history`). */
  readonly superseded: readonly Item[];
  /** The categories those memories belong to, with their summaries as now stored. */
  readonly categories: readonly Category[];
  readonly usage: Usage;
}

/**
 * Load → preprocess → extract → reconcile → categorise → summarise → persist. Every model call happens before the
 * single atomic write, so a failure anywhere leaves the store as it was.
 */
export async function memorize(engine: MemorizeEngine, rawInput: MemorizeInput): Promise<MemorizeResult> {
  const input = parseInput(memorizeInputSchema, rawInput, "memorize input");
  const scope = engine.scopeSpec.parse(input.scope);
  const { usage, session } = operation(engine, "memorize");

  const loaded: LoadedResource = await usage.step("load", async () => {
    if (input.resourceUrl !== undefined) return engine.loader.load({ uri: input.resourceUrl });
    const bytes = inlineContentBytes(input.content!, engine.maxContentBytes);
    return { uri: input.uri ?? `inline:${sha256(bytes).slice(0, 12)}`, bytes, mediaType: undefined };
  });
  const modality: Modality = input.modality ?? detectModality(loaded.uri, loaded.bytes, decodeText(loaded.bytes));
  // The duplicate check comes before preprocessing, which may cost model calls (captions, transcripts). Content
  // read as another modality goes through preprocessing first, so bad input is reported the same way every time.
  const contentHash = sha256(loaded.bytes);
  const existing = await engine.store.findResourceByHash(scope, contentHash);
  if (existing !== null && existing.modality === modality) return alreadyMemorized(engine, scope, existing, usage);
  const prepared = await usage.step("preprocess", () => prepareContent(engine, session, loaded, modality));
  const own = await ownCategories(engine, scope);
  const context = { memoryTypes: engine.memoryTypes, categories: categoryChoices(engine, own) };
  const extraction: Extraction = await usage.step("extract", () =>
    engine.extractor === undefined
      ? extractWithModel(session, prepared.content, context, { prompts: engine.prompts, segments: engine.segments })
      : engine.extractor.extract({ uri: loaded.uri, modality, content: prepared.content }, context),
  );

  const now = engine.now().toISOString();
  const resource: Resource = {
    id: newId("res"),
    uri: loaded.uri,
    modality,
    contentHash,
    caption: prepared.caption,
    text: prepared.resourceText,
    scope,
    metadata: input.metadata,
    createdAt: now,
  };
  const { memories } = extraction;
  const contextOf = sourceContext(prepared.content);
  const contexts = memories.map((memory) => contextOf(memory.span));
  const windowOf = unitWindows(resource);
  const {
    texts: [resourceVector],
    items: memoryVectors,
  } = await usage.step("embed", () => embedWithItems(engine.embedder, [resourceVectorText(prepared.resourceText)], memories.map((memory) => ({ summary: memory.summary, window: windowOf(memory.span) }))));
  const proposed: ProposedItem[] = memories.map((memory, index) => ({
    vector: memoryVectors[index]!,
    context: contexts[index]!,
    item: {
      id: newId("itm"),
      type: memory.type,
      summary: memory.summary,
      happenedAt: memory.happenedAt,
      contentHash: itemHash(memory.type, memory.summary),
      reinforcementCount: 1,
      lastReinforcedAt: null,
      status: "active",
      scope,
      sources: [{ resourceId: resource.id, span: memory.span }],
      categories: [...new Set(memory.categories)],
      metadata: {},
      createdAt: now,
      updatedAt: now,
    },
  }));
  const reconciled = await usage.step("reconcile", () => reconcile(engine, session, scope, proposed, { prompts: engine.prompts, similarity: engine.reconcileSimilarity, now }));
  // Items rewritten in place get vectors of their new text, computed as a new memory's.
  const changedWindows = await itemWindows(engine.store, readScope(scope), reconciled.changed, [resource]);
  const { items: changedVectors } = await embedWithItems(engine.embedder, [], reconciled.changed.map((item, index) => ({ summary: item.summary, window: changedWindows[index]! })));
  const upsertItems: Embedded<Item>[] = [
    ...reconciled.created.map(({ item, vector, context }) => ({ record: item, embedding: vector, context })),
    ...reconciled.changed.map((record, index) => ({ record, embedding: changedVectors[index]! })),
  ];
  const upserted = upsertItems.map((entry) => entry.record);
  const categories = await usage.step("summarize", () =>
    rebuildCategories(engine, scope, reconciled.touched, { upserted, deletedIds: new Set() }, { summarize: summarizerFor(engine, session), own, descriptions: extraction.newCategories ?? [] }),
  );

  const written = await usage.step("persist", () =>
    engine.store.write(scope, { resource: { record: resource, embedding: resourceVector! }, upsertItems, reinforce: reconciled.reinforce, supersede: reconciled.supersede, upsertCategories: categories }),
  );
  if (written.status === "duplicate") {
    // A concurrent memorize of the same content won the race; report its result.
    const winner = await engine.store.getResource(readScope(scope), written.existingResourceId);
    return alreadyMemorized(engine, scope, winner!, usage);
  }
  const supersededIds = new Set(upserted.filter((item) => item.status === "superseded").map((item) => item.id));
  const itemIds = [...new Set([...upserted.map((item) => item.id), ...reconciled.reinforce.map((entry) => entry.itemId)])];
  const items = await engine.store.getItems(readScope(scope), itemIds);
  const storedCategories = await engine.store.getCategories(readScope(scope), categories.map((category) => category.record.id));
  return {
    created: true,
    resource,
    items: items.filter((item) => !supersededIds.has(item.id)),
    superseded: items.filter((item) => supersededIds.has(item.id)),
    categories: storedCategories,
    usage: usage.finish(),
  };
}

async function alreadyMemorized(engine: MemorizeEngine, scope: Scope, resource: Resource, usage: UsageTracker): Promise<MemorizeResult> {
  const items = await engine.store.itemsFromResource(readScope(scope), resource.id);
  const names = new Set(items.flatMap((item) => item.categories));
  const categories = [...(await ownCategories(engine, scope)).values()].filter((category) => names.has(category.name));
  return { created: false, resource, items, superseded: [], categories, usage: usage.finish() };
}
