import type { CategoryDefinition, Scope, ScopeSpec } from "../model/index.js";
import { scopeConditions } from "../model/index.js";
import type { ModelRouter } from "../models/model-router.js";
import { ModelSession } from "../models/model-session.js";
import type { Prompts } from "../models/prompts.js";
import type { Embedder, MemoryStore, ReadScope } from "../ports/index.js";
import { UsageTracker, type Operation, type PipelineHooks } from "./usage.js";

/**
 * What every operation shares: the configured ports and settings. A pipeline that needs settings of its own
 * extends it beside itself (`MemorizeEngine` in memorize/).
 */
export interface Engine {
  readonly store: MemoryStore;
  readonly embedder: Embedder;
  readonly models: ModelRouter;
  readonly prompts: Prompts;
  readonly hooks: PipelineHooks;
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

/** Reads limited to exactly this scope (and whatever lies inside it). */
export function readScope(scope: Scope, where: ReadScope["conditions"] = []): ReadScope {
  return { conditions: scopeConditions(scope, where) };
}
