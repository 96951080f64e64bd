import type { z } from "zod";
import { z as zod } from "zod";
import { NotFoundError, ValidationError } from "../errors/index.js";
import { RuleExtractor } from "../providers/offline/rule-extractor.js";
import { HashingEmbedder } from "../providers/offline/hashing-embedder.js";
import { SafeResourceLoader } from "../loaders/safe-resource-loader.js";
import { DEFAULT_MAX_CONTENT_BYTES } from "../memorize/inline-content.js";
import { memorize, type MemorizeResult } from "../memorize/memorize.js";
import type { Category, CategoryDefinition, Item, Resource, Scope, Span } from "../model/index.js";
import { DEFAULT_CATEGORIES, DEFAULT_MEMORY_TYPES, ScopeSpec, scopeKey, scopedItemId } from "../model/index.js";
import type { ChangeSet, Embedded, Embedder, ForgetCounts, MemoryExtractor, MemoryStore, ModelProfile, Page, ResourceLoader } from "../ports/index.js";
import type { FfmpegTools } from "../memorize/media/video.js";
import { DEFAULT_SEGMENT_LIMITS, type SegmentLimits } from "../memorize/model-extract.js";
import { DEFAULT_MODEL_SETTINGS, MODEL_STEPS, ModelRouter, type ModelSettings, type ModelStep } from "../models/model-router.js";
import { DEFAULT_PROMPTS, PROMPT_STEPS, type Prompts } from "../models/prompts.js";
import { excerptOf, storedContent } from "../memorize/stored-content.js";
import { sourceContext } from "../memorize/source-context.js";
import { AccessRecorder, DEFAULT_ACCESS_RECORDING, type AccessRecording } from "../retrieve/access-recorder.js";
import { retrieveLlm } from "../retrieve/llm.js";
import { DEFAULT_HALF_LIFE_DAYS } from "../retrieve/salience.js";
import type { PipelineHooks } from "./usage.js";
import { categoriesFor } from "../providers/offline/classify.js";
import { KEYWORDS_ONLY, retrieveRag, SEMANTIC_FUSION, type FusionWeights, type RetrieveResult } from "../retrieve/rag.js";
import { SqliteStore } from "../stores/embedded/sqlite-store.js";
import { newId } from "../util/ids.js";
import { categoryChoices, categoryText, itemHash, operation, ownCategories, readScope, rebuildCategories, summarizerFor, type Engine } from "./engine.js";
import {
  createCategoryInputSchema,
  createItemInputSchema,
  listItemsInputSchema,
  listResourcesInputSchema,
  retrieveInputSchema,
  scopedIdSchema,
  scopeOnlySchema,
  supersedeItemInputSchema,
  updateCategoryInputSchema,
  updateItemInputSchema,
  type CreateCategoryInput,
  type CreateItemInput,
  type ListItemsInput,
  type ListResourcesInput,
  type MemorizeInput,
  type RetrieveInput,
  type ScopedIdInput,
  type ScopeOnlyInput,
  type SupersedeItemInput,
  type UpdateCategoryInput,
  type UpdateItemInput,
} from "./inputs.js";

export interface MemoryOptions {
  /** Where memories live. Default: the embedded SQLite store in `dir`, or in memory when `dir` is not given. */
  readonly store?: MemoryStore;
  /** Folder of the default embedded store. */
  readonly dir?: string;
  /** Default: the embedder of the `embedding` (else `default`) profile, else the offline hashing embedder. */
  readonly embedder?: Embedder;
  /**
   * Model profiles by name, as memU's `llm_profiles`: `default` (chat, and embeddings unless `embedding` is given),
   * `vision` (images, video frames), `transcription` (audio), `embedding`, or any name a step is mapped to. With no
   * chat model, memograph runs offline.
   */
  readonly profiles?: Readonly<Record<string, ModelProfile>>;
  /** Maps a step to a profile name, e.g. `{ summarize: "cheap" }`. */
  readonly steps?: Partial<Record<ModelStep, string>>;
  /** Replaces the instructions of a step; what the step sends as data stays the same. */
  readonly prompts?: Partial<Prompts>;
  /** Called around every pipeline step of memorize and retrieve. */
  readonly hooks?: PipelineHooks;
  /** Timeouts, retries, repairs and the concurrency limit of model calls. */
  readonly modelSettings?: Partial<ModelSettings>;
  /** Segment size of model extraction. */
  readonly segments?: Partial<SegmentLimits>;
  /** Vector similarity from which the reconcile step asks the model about a stored memory. Default 0.8. */
  readonly reconcileSimilarity?: number;
  /**
   * The most bytes (UTF-8, a JSON value serialised) of inline `content` one memorize takes; more is refused with
   * `RESOURCE_REFUSED` (field `content`). Default 25 MiB, as the default loader's limit for files and URLs.
   */
  readonly maxContentBytes?: number;
  /** The ffmpeg and ffprobe executables used for video. Default: found on the PATH. */
  readonly ffmpeg?: Partial<FfmpegTools>;
  /**
   * Replaces the built-in extraction. Default: one structured model call per segment when a chat model serves the
   * `extract` step, else the offline rule extractor.
   */
  readonly extractor?: MemoryExtractor;
  /** Default: local files under the current folder only, no URLs. */
  readonly loader?: ResourceLoader;
  /** The scope's shape. Default: `{ userId, agentId?, sessionId? }`. */
  readonly scopeSchema?: z.ZodObject<z.ZodRawShape>;
  readonly memoryTypes?: readonly string[];
  readonly categories?: readonly CategoryDefinition[];
  /**
   * Weights of vector and keyword search in the reciprocal-rank fusion, and its constant `k`. Default:
   * `SEMANTIC_FUSION`, or keywords only with a lexical embedder (see `Embedder.lexical`).
   */
  readonly fusionWeights?: FusionWeights;
  /**
   * Usage signal: every item a retrieve returns (rag) or picks (llm) counts one access, buffered in process and
   * written in one store write per flush (every `flushIntervalMs`, 1000, when `maxPending` items, 500, are waiting,
   * and on `flushAccesses()` / `close()`). `false` records nothing.
   */
  readonly accessRecording?: false | Partial<AccessRecording>;
  /** Clock, for tests. */
  readonly now?: () => Date;
}

/** Where one item came from: the resource, the span, and the text of that span. */
export interface TraceSource {
  readonly resource: Omit<Resource, "text">;
  readonly span: Span;
  readonly excerpt: string;
}

export interface Trace {
  readonly item: Item;
  readonly sources: readonly TraceSource[];
  readonly categories: readonly Category[];
}

export interface CategoryTrace {
  readonly category: Category;
  /** The items the summary cites, each with its sources. */
  readonly items: readonly { readonly item: Item; readonly sources: readonly TraceSource[] }[];
}

export interface ResourceTrace {
  readonly resource: Resource;
  readonly items: readonly Item[];
  readonly categories: readonly Category[];
}

export interface ItemHistory {
  /** The item asked about. */
  readonly item: Item;
  /** Every version of it along SUPERSEDED_BY links, oldest first (the item included), each with its sources. */
  readonly versions: readonly { readonly item: Item; readonly sources: readonly TraceSource[] }[];
}

export interface DeleteResourceResult {
  readonly resourceId: string;
  /** Items drawn only from this resource, deleted with it. */
  readonly deletedItemIds: readonly string[];
  /** Items also supported by other resources: kept, minus this source. */
  readonly keptItemIds: readonly string[];
}

const hasMethod = (method: string) => (value: unknown) => typeof value === "object" && value !== null && typeof (value as Record<string, unknown>)[method] === "function";
const profileSchema = zod
  .object({
    chat: zod.custom(hasMethod("complete"), "a LanguageModel (with complete())").optional(),
    embedder: zod.custom(hasMethod("embed"), "an Embedder (with embed())").optional(),
    transcriber: zod.custom(hasMethod("transcribe"), "a Transcriber (with transcribe())").optional(),
  })
  .strict();

const settingsSchema = zod.object({
  profiles: zod.record(zod.string().min(1), profileSchema).optional(),
  steps: zod.partialRecord(zod.enum(MODEL_STEPS), zod.string().min(1)).optional(),
  prompts: zod.partialRecord(zod.enum(PROMPT_STEPS), zod.string().min(1)).optional(),
  modelSettings: zod
    .object({
      timeoutMs: zod.number().int().min(1),
      maxRetries: zod.number().int().min(0).max(20),
      maxRepairs: zod.number().int().min(0).max(10),
      concurrency: zod.number().int().min(1).max(256),
      backoffMs: zod.number().min(0),
    })
    .partial()
    .optional(),
  segments: zod.object({ maxUnits: zod.number().int().min(1), maxChars: zod.number().int().min(100) }).partial().optional(),
  reconcileSimilarity: zod.number().min(0).max(1).optional(),
  accessRecording: zod
    .union([zod.literal(false), zod.object({ flushIntervalMs: zod.number().int().min(1), maxPending: zod.number().int().min(1) }).partial().strict()])
    .optional(),
  maxContentBytes: zod.number().int().positive().optional(),
  fusionWeights: zod.object({ vector: zod.number().min(0), text: zod.number().min(0), k: zod.number().min(0).optional() }).strict().optional(),
});

function parse<T extends z.ZodType>(schema: T, input: unknown, what: string): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw ValidationError.fromZod(what, result.error);
  return result.data;
}

/** The memory engine: memorize, retrieve, CRUD, trace and forget, all bounded by the caller's scope. */
export class MemoryService {
  private constructor(
    private readonly engine: Engine,
    private readonly fusionWeights: FusionWeights,
    private readonly accesses: AccessRecorder | null,
  ) {}

  /** Builds the service and initialises its store (creating or checking the schema). */
  static async create(options: MemoryOptions = {}): Promise<MemoryService> {
    const settings = parse(settingsSchema, { profiles: options.profiles, steps: options.steps, prompts: options.prompts, modelSettings: options.modelSettings, segments: options.segments, reconcileSimilarity: options.reconcileSimilarity, accessRecording: options.accessRecording, maxContentBytes: options.maxContentBytes, fusionWeights: options.fusionWeights }, "memory options");
    const scopeSpec = new ScopeSpec(options.scopeSchema);
    const models = new ModelRouter(options.profiles ?? {}, settings.steps ?? {}, { ...DEFAULT_MODEL_SETTINGS, ...settings.modelSettings });
    const embedder = options.embedder ?? models.embedder() ?? new HashingEmbedder();
    const store = options.store ?? new SqliteStore(options.dir === undefined ? {} : { dir: options.dir });
    try {
      await store.init({ id: embedder.id, dimensions: embedder.dimensions }, scopeSpec.partitionKey === undefined ? {} : { partitionKey: scopeSpec.partitionKey });
    } catch (error) {
      // Release connections and file handles: a store that failed to start must not keep the process alive.
      await store.close();
      throw error;
    }
    const memoryTypes = options.memoryTypes ?? DEFAULT_MEMORY_TYPES;
    if (memoryTypes.length === 0) throw new ValidationError("memoryTypes is empty", [{ path: "memoryTypes", message: "needs at least one type" }]);
    return new MemoryService({
      store,
      embedder,
      extractor: options.extractor ?? (models.chat("extract") === null ? new RuleExtractor() : undefined),
      loader: options.loader ?? new SafeResourceLoader({ roots: [process.cwd()] }),
      models,
      prompts: { ...DEFAULT_PROMPTS, ...settings.prompts },
      hooks: options.hooks ?? {},
      segments: { ...DEFAULT_SEGMENT_LIMITS, ...settings.segments },
      reconcileSimilarity: settings.reconcileSimilarity ?? 0.8,
      ffmpeg: { ffmpeg: options.ffmpeg?.ffmpeg ?? "ffmpeg", ffprobe: options.ffmpeg?.ffprobe ?? "ffprobe" },
      maxContentBytes: settings.maxContentBytes ?? DEFAULT_MAX_CONTENT_BYTES,
      scopeSpec,
      memoryTypes,
      categories: options.categories ?? DEFAULT_CATEGORIES,
      now: options.now ?? (() => new Date()),
    }, settings.fusionWeights ?? (embedder.lexical === true ? KEYWORDS_ONLY : SEMANTIC_FUSION), settings.accessRecording === false ? null : new AccessRecorder(store, { ...DEFAULT_ACCESS_RECORDING, ...settings.accessRecording }));
  }

  get store(): MemoryStore {
    return this.engine.store;
  }

  /** The embedder the store's vectors come from; adapters that keep vectors of their own embed with it too. */
  get embedder(): Embedder {
    return this.engine.embedder;
  }

  /** Flushes the accesses still buffered, then closes the store. */
  async close(): Promise<void> {
    try {
      await this.accesses?.flush();
    } finally {
      await this.engine.store.close();
    }
  }

  /** Writes the buffered accesses now (see `accessRecording`). */
  async flushAccesses(): Promise<void> {
    await this.accesses?.flush();
  }

  memorize(input: MemorizeInput): Promise<MemorizeResult> {
    return memorize(this.engine, input);
  }

  async retrieve(rawInput: RetrieveInput): Promise<RetrieveResult> {
    const input = parse(retrieveInputSchema, rawInput, "retrieve input");
    const scope = this.engine.scopeSpec.parse(input.scope);
    const where = this.engine.scopeSpec.parseWhere(input.where);
    const query = input.query ?? [...input.queries!].reverse().find((message) => message.role === "user")?.content ?? input.queries!.at(-1)!.content;
    const topK = typeof input.topK === "number" ? { items: input.topK } : (input.topK ?? {});
    const request = {
      query,
      scope,
      where,
      topK: { items: topK.items ?? 10, categories: topK.categories ?? 3, resources: topK.resources ?? 3 },
      weights: this.fusionWeights,
      ranking: { by: input.ranking, halfLifeDays: input.halfLifeDays ?? DEFAULT_HALF_LIFE_DAYS },
      filter: {
        ...(input.types === undefined ? {} : { types: input.types }),
        ...(input.happenedAfter === undefined ? {} : { happenedAfter: input.happenedAfter }),
        ...(input.happenedBefore === undefined ? {} : { happenedBefore: input.happenedBefore }),
      },
    };
    const result = input.method === "llm" ? await retrieveLlm(this.engine, { ...request, ...(input.queries === undefined ? {} : { conversation: input.queries }) }) : await retrieveRag(this.engine, request);
    this.accesses?.record(result.items, this.engine.now().toISOString());
    return result;
  }

  // ---- items ----

  async getItem(rawInput: ScopedIdInput): Promise<Item> {
    const { scope, id } = this.scoped(rawInput);
    return this.requireItem(scope, id);
  }

  async listItems(rawInput: ListItemsInput): Promise<Page<Item>> {
    const input = parse(listItemsInputSchema, rawInput, "listItems input");
    const scope = this.engine.scopeSpec.parse(input.scope);
    const where = this.engine.scopeSpec.parseWhere(input.where);
    return this.engine.store.listItems(
      readScope(scope, where),
      { ...(input.types === undefined ? {} : { types: input.types }), ...(input.idPrefix === undefined ? {} : { idPrefix: input.idPrefix }), statuses: input.status === "all" ? ["active", "superseded"] : [input.status] },
      { limit: input.limit, ...(input.cursor === undefined ? {} : { cursor: input.cursor }) },
    );
  }

  async createItem(rawInput: CreateItemInput): Promise<Item> {
    const input = parse(createItemInputSchema, rawInput, "createItem input");
    const scope = this.engine.scopeSpec.parse(input.scope);
    this.checkType(input.type);
    const now = this.engine.now().toISOString();
    const id = input.id === undefined ? newId("itm") : scopedItemId(scope, input.id);
    if (input.id !== undefined && (await this.engine.store.getItems(readScope(scope), [id])).length > 0) {
      throw new ValidationError(`Item ${input.id} already exists in this scope`, [{ path: "id", message: "already exists" }]);
    }
    const categories = input.categories ?? (await this.defaultCategories(scope, input.summary));
    const item: Item = {
      id,
      type: input.type,
      summary: input.summary,
      happenedAt: input.happenedAt ?? null,
      contentHash: itemHash(input.type, input.summary),
      reinforcementCount: 1,
      lastReinforcedAt: null,
      status: "active",
      scope,
      sources: [],
      categories: [...new Set(categories)],
      metadata: input.metadata,
      createdAt: now,
      updatedAt: now,
    };
    await this.writeItemChange(scope, [item], new Set(), item.categories);
    return this.requireItem(scope, item.id);
  }

  async updateItem(rawInput: UpdateItemInput): Promise<Item> {
    const input = parse(updateItemInputSchema, rawInput, "updateItem input");
    const scope = this.engine.scopeSpec.parse(input.scope);
    const current = await this.requireOwnItem(scope, input.id);
    if (input.type !== undefined) this.checkType(input.type);
    const type = input.type ?? current.type;
    const summary = input.summary ?? current.summary;
    const item: Item = {
      ...current,
      type,
      summary,
      contentHash: itemHash(type, summary),
      happenedAt: input.happenedAt === undefined ? current.happenedAt : input.happenedAt,
      categories: input.categories === undefined ? current.categories : [...new Set(input.categories)],
      metadata: input.metadata ?? current.metadata,
      updatedAt: this.engine.now().toISOString(),
    };
    await this.writeItemChange(scope, [item], new Set(), [...current.categories, ...item.categories]);
    return this.requireItem(scope, item.id);
  }

  /**
   * Records that item `by` replaces item `id`, as memorize's reconcile step does for a contradiction: `id` becomes
   * `superseded` (kept as history, linked by `metadata.supersededBy`), `by` gets `metadata.supersedes`. Doing it
   * again with the same pair changes nothing; superseding an already superseded item by another one is refused.
   */
  async supersedeItem(rawInput: SupersedeItemInput): Promise<{ superseded: Item; by: Item }> {
    const input = parse(supersedeItemInputSchema, rawInput, "supersedeItem input");
    const scope = this.engine.scopeSpec.parse(input.scope);
    if (input.id === input.by) throw new ValidationError("An item cannot supersede itself", [{ path: "by", message: "must differ from id" }]);
    const old = await this.requireOwnItem(scope, input.id);
    const by = await this.requireOwnItem(scope, input.by);
    if (old.status === "superseded" && old.metadata.supersededBy === by.id) return { superseded: old, by };
    if (old.status !== "active") throw new ValidationError(`Item ${old.id} is already superseded`, [{ path: "id", message: "already superseded" }]);
    if (by.status !== "active") throw new ValidationError(`Item ${by.id} is superseded`, [{ path: "by", message: "must be active" }]);
    const now = this.engine.now().toISOString();
    const superseded: Item = { ...old, status: "superseded", metadata: { ...old.metadata, supersededBy: by.id }, updatedAt: now };
    const replacing: Item = { ...by, metadata: { ...by.metadata, supersedes: old.id }, updatedAt: now };
    await this.writeItemChange(scope, [superseded, replacing], new Set(), [...old.categories, ...by.categories], [{ itemId: old.id, byItemId: by.id }]);
    return { superseded: await this.requireItem(scope, old.id), by: await this.requireItem(scope, by.id) };
  }

  async deleteItem(rawInput: ScopedIdInput): Promise<Item> {
    const { scope, id } = this.scoped(rawInput);
    const current = await this.requireOwnItem(scope, id);
    await this.writeItemChange(scope, [], new Set([id]), current.categories);
    return current;
  }

  // ---- categories ----

  async listCategories(rawInput: ScopeOnlyInput): Promise<Category[]> {
    const input = parse(scopeOnlySchema, rawInput, "listCategories input");
    const scope = this.engine.scopeSpec.parse(input.scope);
    return this.engine.store.listCategories(readScope(scope, this.engine.scopeSpec.parseWhere(input.where)));
  }

  async getCategory(rawInput: ScopedIdInput): Promise<Category> {
    const { scope, id } = this.scoped(rawInput);
    const [category] = await this.engine.store.getCategories(readScope(scope), [id]);
    if (category === undefined) throw new NotFoundError("category", id);
    return category;
  }

  async createCategory(rawInput: CreateCategoryInput): Promise<Category> {
    const input = parse(createCategoryInputSchema, rawInput, "createCategory input");
    const scope = this.engine.scopeSpec.parse(input.scope);
    if ((await ownCategories(this.engine, scope)).has(input.name)) {
      throw new ValidationError(`Category ${input.name} already exists in this scope`, [{ path: "name", message: "already exists" }]);
    }
    const now = this.engine.now().toISOString();
    const category: Category = { id: newId("cat"), name: input.name, description: input.description, summary: "", citedItemIds: [], itemCount: 0, scope, createdAt: now, updatedAt: now };
    await this.engine.store.write(scope, { upsertCategories: [await this.embedCategory(category)] });
    return this.getCategory({ scope, id: category.id });
  }

  /** Changes a category's description or summary; the name is its identity within the scope and stays. */
  async updateCategory(rawInput: UpdateCategoryInput): Promise<Category> {
    const input = parse(updateCategoryInputSchema, rawInput, "updateCategory input");
    const scope = this.engine.scopeSpec.parse(input.scope);
    const current = await this.requireOwnCategory(scope, input.id);
    const updated: Category = { ...current, description: input.description ?? current.description, summary: input.summary ?? current.summary, updatedAt: this.engine.now().toISOString() };
    await this.engine.store.write(scope, { upsertCategories: [await this.embedCategory(updated)] });
    return this.getCategory({ scope, id: current.id });
  }

  /** Deletes the category and its links; its items stay. */
  async deleteCategory(rawInput: ScopedIdInput): Promise<Category> {
    const { scope, id } = this.scoped(rawInput);
    const current = await this.requireOwnCategory(scope, id);
    await this.engine.store.write(scope, { deleteCategoryIds: [id] });
    return current;
  }

  // ---- resources, provenance, erasure ----

  async getResource(rawInput: ScopedIdInput): Promise<Resource> {
    const { scope, id } = this.scoped(rawInput);
    const resource = await this.engine.store.getResource(readScope(scope), id);
    if (resource === null) throw new NotFoundError("resource", id);
    return resource;
  }

  async listResources(rawInput: ListResourcesInput): Promise<Page<Resource>> {
    const input = parse(listResourcesInputSchema, rawInput, "listResources input");
    const scope = this.engine.scopeSpec.parse(input.scope);
    return this.engine.store.listResources(readScope(scope, this.engine.scopeSpec.parseWhere(input.where)), { limit: input.limit, ...(input.cursor === undefined ? {} : { cursor: input.cursor }) });
  }

  /** Deletes a resource, the items drawn only from it, and re-summarises the categories they were in. */
  async deleteResource(rawInput: ScopedIdInput): Promise<DeleteResourceResult> {
    const { scope, id } = this.scoped(rawInput);
    const resource = await this.engine.store.getResource(readScope(scope), id);
    if (resource === null || scopeKey(resource.scope) !== scopeKey(scope)) throw new NotFoundError("resource", id);
    const derived = await this.engine.store.itemsFromResource(readScope(scope), id);
    const only = derived.filter((item) => item.sources.every((source) => source.resourceId === id));
    const kept = derived.filter((item) => !only.includes(item));
    const deleted = new Set(only.map((item) => item.id));
    const categories = await rebuildCategories(this.engine, scope, derived.flatMap((item) => item.categories), { upserted: [], deletedIds: deleted }, { summarize: this.summarizer() });
    await this.engine.store.write(scope, { deleteItemIds: [...deleted], deleteResourceIds: [id], upsertCategories: categories, upsertItems: await this.withoutSource(scope, kept, id) });
    return { resourceId: id, deletedItemIds: [...deleted], keptItemIds: kept.map((item) => item.id) };
  }

  /** Item → every resource and span it came from, with the text of each span, and its categories. */
  async trace(rawInput: ScopedIdInput): Promise<Trace> {
    const { scope, id } = this.scoped(rawInput);
    const item = await this.requireItem(scope, id);
    const own = await ownCategories(this.engine, item.scope as Scope);
    return { item, sources: await this.sourcesOf(scope, item), categories: item.categories.flatMap((name) => own.get(name) ?? []) };
  }

  /** Category → the items its summary cites → where each came from. */
  async traceCategory(rawInput: ScopedIdInput): Promise<CategoryTrace> {
    const { scope, id } = this.scoped(rawInput);
    const category = await this.getCategory({ scope, id });
    const items = await this.engine.store.getItems(readScope(scope), category.citedItemIds);
    const resources = new Map<string, Promise<Resource | null>>();
    return { category, items: await Promise.all(items.map(async (item) => ({ item, sources: await this.sourcesOf(scope, item, resources) }))) };
  }

  /** Resource → every item drawn from it and the categories those items are in. */
  async traceResource(rawInput: ScopedIdInput): Promise<ResourceTrace> {
    const { scope, id } = this.scoped(rawInput);
    const resource = await this.getResource({ scope, id });
    const items = await this.engine.store.itemsFromResource(readScope(scope), id);
    const names = new Set(items.flatMap((item) => item.categories));
    const own = await ownCategories(this.engine, resource.scope as Scope);
    return { resource, items, categories: [...names].flatMap((name) => own.get(name) ?? []) };
  }

  /** Item → its older and newer versions (what superseded what), each with where it came from. */
  async history(rawInput: ScopedIdInput): Promise<ItemHistory> {
    const { scope, id } = this.scoped(rawInput);
    const versions = await this.engine.store.itemVersions(readScope(scope), id);
    const item = versions.find((version) => version.id === id);
    if (item === undefined) throw new NotFoundError("item", id);
    const resources = new Map<string, Promise<Resource | null>>();
    return { item, versions: await Promise.all(versions.map(async (version) => ({ item: version, sources: await this.sourcesOf(scope, version, resources) }))) };
  }

  /** Erases everything inside the scope (resources, items, categories, embeddings, history). */
  async forget(rawInput: ScopeOnlyInput): Promise<ForgetCounts> {
    const input = parse(scopeOnlySchema, rawInput, "forget input");
    const scope = this.engine.scopeSpec.parse(input.scope);
    return this.engine.store.forget(readScope(scope, this.engine.scopeSpec.parseWhere(input.where)));
  }

  // ---- helpers ----

  private scoped(rawInput: ScopedIdInput): { scope: Scope; id: string } {
    const input = parse(scopedIdSchema, rawInput, "input");
    return { scope: this.engine.scopeSpec.parse(input.scope), id: input.id };
  }

  private async requireItem(scope: Scope, id: string): Promise<Item> {
    const [item] = await this.engine.store.getItems(readScope(scope), [id]);
    if (item === undefined) throw new NotFoundError("item", id);
    return item;
  }

  /** Writes act on the exact scope: an item of a narrower scope is changed through that scope. */
  private async requireOwnItem(scope: Scope, id: string): Promise<Item> {
    const item = await this.requireItem(scope, id);
    if (scopeKey(item.scope) !== scopeKey(scope)) throw new NotFoundError("item", id);
    return item;
  }

  private async requireOwnCategory(scope: Scope, id: string): Promise<Category> {
    const category = await this.getCategory({ scope, id });
    if (scopeKey(category.scope) !== scopeKey(scope)) throw new NotFoundError("category", id);
    return category;
  }

  /** `resources` is shared across the items of one call, so a resource cited by many items is read once. */
  private async sourcesOf(scope: Scope, item: Item, resources = new Map<string, Promise<Resource | null>>()): Promise<TraceSource[]> {
    const sources = await Promise.all(
      item.sources.map(async (source) => {
        if (!resources.has(source.resourceId)) resources.set(source.resourceId, this.engine.store.getResource(readScope(scope), source.resourceId));
        const resource = await resources.get(source.resourceId)!;
        if (resource === null) return [];
        const { text, ...rest } = resource;
        return [{ resource: rest, span: source.span, excerpt: excerptOf(text, source.span) }];
      }),
    );
    return sources.flat();
  }

  /**
   * The kept items of a deleted resource, minus that source, each with its search context taken again from the
   * first source that remains: the context indexed from the deleted resource must not keep its words findable.
   */
  private async withoutSource(scope: Scope, kept: readonly Item[], resourceId: string): Promise<(Embedded<Item> & { context: string })[]> {
    const vectors = await this.engine.embedder.embed(kept.map((item) => item.summary));
    const resources = new Map<string, Promise<Resource | null>>();
    return Promise.all(
      kept.map(async (item, index) => {
        const sources = item.sources.filter((source) => source.resourceId !== resourceId);
        const first = sources[0]!;
        if (!resources.has(first.resourceId)) resources.set(first.resourceId, this.engine.store.getResource(readScope(scope), first.resourceId));
        const resource = await resources.get(first.resourceId)!;
        const context = resource === null ? "" : sourceContext(storedContent(resource))(first.span);
        return { record: { ...item, sources }, embedding: vectors[index]!, context };
      }),
    );
  }

  /** CRUD rewrites summaries the way memorize does; its model calls are not reported (CRUD returns records). */
  private summarizer() {
    return summarizerFor(this.engine, operation(this.engine, "memorize").session);
  }

  private checkType(type: string): void {
    if (!this.engine.memoryTypes.includes(type)) {
      throw new ValidationError(`Unknown memory type ${JSON.stringify(type)}`, [{ path: "type", message: `expected one of ${this.engine.memoryTypes.join(", ")}` }]);
    }
  }

  private async defaultCategories(scope: Scope, summary: string): Promise<string[]> {
    const choices = categoryChoices(this.engine, await ownCategories(this.engine, scope));
    return categoriesFor(summary, choices, "knowledge");
  }

  private async embedCategory(category: Category): Promise<Embedded<Category>> {
    const [embedding] = await this.engine.embedder.embed([categoryText(category)]);
    return { record: category, embedding: embedding! };
  }

  private async writeItemChange(scope: Scope, upserted: Item[], deletedIds: Set<string>, touched: readonly string[], supersede: ChangeSet["supersede"] = []): Promise<void> {
    const categories = await rebuildCategories(this.engine, scope, touched, { upserted, deletedIds }, { summarize: this.summarizer() });
    const vectors = await this.engine.embedder.embed(upserted.map((item) => item.summary));
    await this.engine.store.write(scope, {
      upsertItems: upserted.map((record, index) => ({ record, embedding: vectors[index]! })),
      deleteItemIds: [...deletedIds],
      upsertCategories: categories,
      supersede,
    });
  }
}

/** Creates a memory service; with no options: embedded in-memory store, offline embedder and extractor. */
export function createMemory(options: MemoryOptions = {}): Promise<MemoryService> {
  return MemoryService.create(options);
}
