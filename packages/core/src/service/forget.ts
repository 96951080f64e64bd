import { readScope, type Engine } from "../engine/engine.js";
import { parseInput } from "../engine/inputs.js";
import type { ForgetCounts } from "../ports/index.js";
import { scopeOnlySchema, type ScopeOnlyInput } from "./inputs.js";

export async function forget(engine: Engine, rawInput: ScopeOnlyInput): Promise<ForgetCounts> {
  const input = parseInput(scopeOnlySchema, rawInput, "forget input");
  const scope = engine.scopeSpec.parse(input.scope);
  return engine.store.forget(readScope(scope, engine.scopeSpec.parseWhere(input.where)));
}
