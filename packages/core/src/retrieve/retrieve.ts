import type { Engine } from "../engine/engine.js";
import { parseInput } from "../engine/inputs.js";
import { retrieveLlm } from "./llm.js";
import { retrieveRag, type FusionWeights, type RetrieveResult } from "./rag.js";
import { retrieveInputSchema, type RetrieveInput } from "./retrieve-input.js";
import { DEFAULT_HALF_LIFE_DAYS } from "./salience.js";

/**
 * Checks a retrieve input and runs the method it asks for (rag unless `method: "llm"`), over the input's scope or,
 * for `retrieveAcrossScopes`, over every scope.
 */
export async function retrieve(engine: Engine, weights: FusionWeights, rawInput: RetrieveInput, over: "scope" | "all" = "scope"): Promise<RetrieveResult> {
  const input = parseInput(retrieveInputSchema, rawInput, "retrieve input");
  const scope = over === "all" ? {} : engine.scopeSpec.parse(input.scope);
  const where = engine.scopeSpec.parseWhere(input.where);
  const query = input.query ?? [...input.queries!].reverse().find((message) => message.role === "user")?.content ?? input.queries!.at(-1)!.content;
  const topK = typeof input.topK === "number" ? { items: input.topK } : (input.topK ?? {});
  const request = {
    query,
    scope,
    where,
    topK: { items: topK.items ?? 10, categories: topK.categories ?? 3, resources: topK.resources ?? 3 },
    weights,
    ranking: { by: input.ranking, halfLifeDays: input.halfLifeDays ?? DEFAULT_HALF_LIFE_DAYS },
    filter: {
      ...(input.types === undefined ? {} : { types: input.types }),
      ...(input.happenedAfter === undefined ? {} : { happenedAfter: input.happenedAfter }),
      ...(input.happenedBefore === undefined ? {} : { happenedBefore: input.happenedBefore }),
      ...(input.createdFrom === undefined ? {} : { createdFrom: input.createdFrom }),
      ...(input.createdTo === undefined ? {} : { createdTo: input.createdTo }),
      ...(input.categories === undefined ? {} : { categories: input.categories }),
    },
  };
  return input.method === "llm" ? retrieveLlm(engine, { ...request, ...(input.queries === undefined ? {} : { conversation: input.queries }) }) : retrieveRag(engine, request);
}
