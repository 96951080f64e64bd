import type { Category, CategoryDefinition, Item, Scope, ScopeSpec } from "../model/index.js";
import { scopeConditions, scopeKey } from "../model/index.js";
import { listSummarizer, modelSummarizer, type CategorySummarizer } from "../memorize/category-summary.js";
import type { FfmpegTools } from "../memorize/media/video.js";
import type { SegmentLimits } from "../memorize/model-extract.js";
import type { ModelRouter } from "../models/model-router.js";
import { ModelSession } from "../models/model-session.js";
import type { Prompts } from "../models/prompts.js";
import type { Embedded, Embedder, MemoryExtractor, MemoryStore, ReadScope, ResourceLoader } from "../ports/index.js";
import { UsageTracker, type Operation, type PipelineHooks } from "./usage.js";
import { sha256 } from "../util/hash.js";
import { newId } from "../util/ids.js";
import { normalizeWhitespace } from "../util/text.js";

/** What the service's operations share: the configured ports and settings. */
export interface Engine {
  readonly store: MemoryStore;
  readonly embedder: Embedder;
  /** A custom extractor, or the rule extractor when no chat model is configured; unset means model extraction. */
  readonly extractor: MemoryExtractor | undefined;
  readonly loader: ResourceLoader;
  readonly models: ModelRouter;
  readonly prompts: Prompts;
  readonly hooks: PipelineHooks;
  readonly segments: SegmentLimits;
  /** Vector similarity from which a new memory is checked against a stored one by the reconcile step. */
  readonly reconcileSimilarity: number;
  readonly ffmpeg: FfmpegTools;
  /** The most bytes of inline content one memorize takes. */
  readonly maxContentBytes: number;
  readonly scopeSpec: ScopeSpec;
  readonly memoryTypes: readonly string[];
  readonly categories: readonly CategoryDefinition[];
  readonly now: () => Date;
}

/** The usage tracker and model calls of one operation. */
export function operation(engine: Engine, name: Operation): { usage: UsageTracker; session: ModelSession } {
  const usage = new UsageTracker(name, engine.hooks);
  return { usage, session: new ModelSession(engine.models, usage) };
}

/** Category summaries are written by the model when one serves the summarize step, else as a cited list. */
export function summarizerFor(engine: Engine, session: ModelSession): CategorySummarizer {
  return session.hasChat("summarize") ? modelSummarizer(session, engine.prompts) : listSummarizer;
}

/** Reads limited to exactly this scope (and whatever lies inside it). */
export function readScope(scope: Scope, where: ReadScope["conditions"] = []): ReadScope {
  return { conditions: scopeConditions(scope, where) };
}

/** Items with the same type and text (case and spacing aside) are the same memory. */
export function itemHash(type: string, summary: string): string {
  return sha256(`${type}\n${normalizeWhitespace(summary).toLowerCase()}`);
}

/** The scope's own categories (not those of narrower scopes inside it), by name. */
export async function ownCategories(engine: Engine, scope: Scope): Promise<Map<string, Category>> {
  const key = scopeKey(scope);
  const all = await engine.store.listCategories(readScope(scope));
  return new Map(all.filter((category) => scopeKey(category.scope) === key).map((category) => [category.name, category]));
}

/** The category definitions extractors choose from: built-in ones plus those the scope already has. */
export function categoryChoices(engine: Engine, own: Map<string, Category>): { name: string; description: string }[] {
  const byName = new Map(engine.categories.map((definition) => [definition.name, definition]));
  for (const category of own.values()) if (!byName.has(category.name)) byName.set(category.name, category);
  return [...byName.values()];
}

/**
 * Rewrites the summaries of the named categories as they will be after a write that upserts `upserted` items and
 * deletes `deletedIds`; creates the categories that do not exist yet. Returns the records to upsert in that write.
 */
export async function rebuildCategories(
  engine: Engine,
  scope: Scope,
  names: Iterable<string>,
  change: { upserted: readonly Item[]; deletedIds: ReadonlySet<string> },
  options: { summarize: CategorySummarizer; own?: ReadonlyMap<string, Category>; descriptions?: readonly CategoryDefinition[] },
): Promise<Embedded<Category>[]> {
  const own = options.own ?? (await ownCategories(engine, scope));
  const now = engine.now().toISOString();
  const changedIds = new Set([...change.upserted.map((item) => item.id), ...change.deletedIds]);
  const definitions = [...(options.descriptions ?? []), ...engine.categories];
  const records: Category[] = await Promise.all(
    [...new Set(names)].map(async (name) => {
      const existing = own.get(name);
      const stored = existing === undefined ? [] : await engine.store.categoryItems(readScope(scope), existing.id, 200);
      const members = [...stored.filter((item) => !changedIds.has(item.id)), ...change.upserted.filter((item) => item.status === "active" && item.categories.includes(name))];
      const description = existing?.description ?? definitions.find((candidate) => candidate.name === name)?.description ?? "";
      const { summary, citedItemIds } = await options.summarize({ name, description, previous: existing?.summary ?? "" }, members);
      return {
        id: existing?.id ?? newId("cat"),
        name,
        description,
        summary,
        citedItemIds: [...citedItemIds],
        itemCount: members.length,
        scope,
        createdAt: existing?.createdAt ?? now,
        updatedAt: now,
      };
    }),
  );
  const vectors = await engine.embedder.embed(records.map(categoryText));
  return records.map((record, index) => ({ record, embedding: vectors[index]! }));
}

export function categoryText(category: Pick<Category, "name" | "description" | "summary">): string {
  return `${category.name.replace(/_/g, " ")}: ${category.description}\n${category.summary}`;
}
