import { categoryChanges, reorganizeCategories, type ReorganizeResult } from "../categories/reorganize.js";
import type { CategoryChangesInput, ReorganizeInput } from "../categories/reorganize-input.js";
import type { MemorizeEngine } from "../memorize/memorize-engine.js";
import { memorize, type MemorizeResult } from "../memorize/memorize.js";
import type { MemorizeInput } from "../memorize/memorize-input.js";
import type { Category, CategoryChange, Item, Resource } from "../model/index.js";
import type { Embedder, ForgetCounts, MemoryStore, Page } from "../ports/index.js";
import type { AccessRecorder } from "../retrieve/access-recorder.js";
import type { FusionWeights, RetrieveResult } from "../retrieve/rag.js";
import { acrossScopesInput, type AcrossScopesRetrieveInput } from "../retrieve/across-scopes.js";
import { retrieve } from "../retrieve/retrieve.js";
import type { RetrieveInput } from "../retrieve/retrieve-input.js";
import * as categories from "./categories.js";
import { configure, type MemoryOptions } from "./configure.js";
import { forget } from "./forget.js";
import type { CreateCategoryInput, CreateItemInput, ListItemsInput, ListResourcesInput, ScopedIdInput, ScopeOnlyInput, SupersedeItemInput, UpdateCategoryInput, UpdateItemInput } from "./inputs.js";
import * as items from "./items.js";
import * as provenance from "./provenance.js";
import type { CategoryTrace, ItemHistory, ResourceTrace, Trace } from "./provenance.js";
import * as resources from "./resources.js";
import { listScopes, type ListScopesInput, type ScopeListing } from "./scope-listing.js";
import type { DeleteResourceResult } from "./resources.js";

/**
 * The memory engine: memorize, retrieve, CRUD, trace and forget, all bounded by the caller's scope. Each operation
 * lives in its pipeline (memorize/, retrieve/) or in a module of this folder by concern; this class composes them.
 */
export class MemoryService {
  private constructor(
    private readonly engine: MemorizeEngine,
    private readonly fusionWeights: FusionWeights,
    private readonly accesses: AccessRecorder | null,
  ) {}

  /** Builds the service and initialises its store (creating or checking the schema). */
  static async create(options: MemoryOptions = {}): Promise<MemoryService> {
    const { engine, fusionWeights, accesses } = await configure(options);
    return new MemoryService(engine, fusionWeights, accesses);
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

  retrieve(input: RetrieveInput): Promise<RetrieveResult> {
    return this.retrieveIn(input, "scope");
  }

  /**
   * Retrieve over every scope (memU's "no filter, all scopes"), for administrators and library callers who mean it:
   * `where` may narrow it, every hit carries its scope. Never offer it to a caller bound to one user. Async, so a bad
   * input rejects rather than throws.
   */
  async retrieveAcrossScopes(input: AcrossScopesRetrieveInput): Promise<RetrieveResult> {
    return this.retrieveIn(acrossScopesInput(input), "all");
  }

  /** Every user holding memories, with their scopes and counts (for administrators: it reads across scopes). */
  listScopes(input: ListScopesInput = {}): Promise<ScopeListing> {
    return listScopes(this.engine, input);
  }

  private async retrieveIn(input: RetrieveInput, over: "scope" | "all"): Promise<RetrieveResult> {
    const result = await retrieve(this.engine, this.fusionWeights, input, over);
    this.accesses?.record(result.items, this.engine.now().toISOString());
    return result;
  }

  // ---- items ----

  getItem(input: ScopedIdInput): Promise<Item> {
    return items.getItem(this.engine, input);
  }

  listItems(input: ListItemsInput): Promise<Page<Item>> {
    return items.listItems(this.engine, input);
  }

  createItem(input: CreateItemInput): Promise<Item> {
    return items.createItem(this.engine, input);
  }

  updateItem(input: UpdateItemInput): Promise<Item> {
    return items.updateItem(this.engine, input);
  }

  /**
   * Records that item `by` replaces item `id`, as memorize's reconcile step does for a contradiction: `id` becomes
   * `superseded` (kept as history, linked by `metadata.supersededBy`), `by` gets `metadata.supersedes`. Doing it
   * again with the same pair changes nothing; superseding an already superseded item by another one is refused.
   */
  supersedeItem(input: SupersedeItemInput): Promise<{ superseded: Item; by: Item }> {
    return items.supersedeItem(this.engine, input);
  }

  deleteItem(input: ScopedIdInput): Promise<Item> {
    return items.deleteItem(this.engine, input);
  }

  // ---- categories ----

  listCategories(input: ScopeOnlyInput): Promise<Category[]> {
    return categories.listCategories(this.engine, input);
  }

  getCategory(input: ScopedIdInput): Promise<Category> {
    return categories.getCategory(this.engine, input);
  }

  createCategory(input: CreateCategoryInput): Promise<Category> {
    return categories.createCategory(this.engine, input);
  }

  /** Changes a category's description or summary; the name is its identity within the scope and stays. */
  updateCategory(input: UpdateCategoryInput): Promise<Category> {
    return categories.updateCategory(this.engine, input);
  }

  /** Deletes the category and its links; its items stay. */
  deleteCategory(input: ScopedIdInput): Promise<Category> {
    return categories.deleteCategory(this.engine, input);
  }

  /** Splits categories grown too big and merges near-empty or overlapping ones (see categories/reorganize.ts). */
  reorganize(input: ReorganizeInput): Promise<ReorganizeResult> {
    return reorganizeCategories(this.engine, input);
  }

  /** The scope's category change log (splits and merges), oldest first. */
  categoryChanges(input: CategoryChangesInput): Promise<Page<CategoryChange>> {
    return categoryChanges(this.engine, input);
  }

  // ---- resources, provenance, erasure ----

  getResource(input: ScopedIdInput): Promise<Resource> {
    return resources.getResource(this.engine, input);
  }

  listResources(input: ListResourcesInput): Promise<Page<Resource>> {
    return resources.listResources(this.engine, input);
  }

  /** Deletes a resource, the items drawn only from it, and re-summarises the categories they were in. */
  deleteResource(input: ScopedIdInput): Promise<DeleteResourceResult> {
    return resources.deleteResource(this.engine, input);
  }

  /** Item → every resource and span it came from, with the text of each span, and its categories. */
  trace(input: ScopedIdInput): Promise<Trace> {
    return provenance.trace(this.engine, input);
  }

  /** Category → the items its summary cites → where each came from. */
  traceCategory(input: ScopedIdInput): Promise<CategoryTrace> {
    return provenance.traceCategory(this.engine, input);
  }

  /** Resource → every item drawn from it and the categories those items are in. */
  traceResource(input: ScopedIdInput): Promise<ResourceTrace> {
    return provenance.traceResource(this.engine, input);
  }

  /** Item → its older and newer versions (what superseded what), each with where it came from. */
  history(input: ScopedIdInput): Promise<ItemHistory> {
    return provenance.history(this.engine, input);
  }

  /** Erases everything inside the scope (resources, items, categories, embeddings, history). */
  forget(input: ScopeOnlyInput): Promise<ForgetCounts> {
    return forget(this.engine, input);
  }
}

/** Creates a memory service; with no options: embedded in-memory store, offline embedder and extractor. */
export function createMemory(options: MemoryOptions = {}): Promise<MemoryService> {
  return MemoryService.create(options);
}
