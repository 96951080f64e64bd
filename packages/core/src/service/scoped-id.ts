import type { Engine } from "../engine/engine.js";
import { parseInput } from "../engine/inputs.js";
import type { Scope } from "../model/index.js";
import { scopedIdSchema, type ScopedIdInput } from "./inputs.js";

/** The checked scope and id of an input that names one record. */
export function scopedId(engine: Engine, rawInput: ScopedIdInput): { scope: Scope; id: string } {
  const input = parseInput(scopedIdSchema, rawInput, "input");
  return { scope: engine.scopeSpec.parse(input.scope), id: input.id };
}
