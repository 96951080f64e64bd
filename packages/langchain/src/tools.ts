import { tool, type DynamicStructuredTool } from "@langchain/core/tools";
import { MEMORY_TOOL_DESCRIPTIONS, memoryToolHandlers, memoryToolSchemas, type MemoryService, type RecallRanking, type Scope } from "@memograph/core";

type Schemas = ReturnType<typeof memoryToolSchemas>;

/** The tools in a fixed order, each typed by its zod schema; results are JSON strings for the model. */
export type MemographToolset = [
  DynamicStructuredTool<Schemas["remember"]>,
  DynamicStructuredTool<Schemas["recall"]>,
  DynamicStructuredTool<Schemas["forget"]>,
  DynamicStructuredTool<Schemas["listCategories"]>,
  DynamicStructuredTool<Schemas["trace"]>,
];

/** `ranking` / `halfLifeDays` order what `recall` returns (see RecallRanking). */
export interface MemographToolsInput extends RecallRanking {
  readonly memory: MemoryService;
  /** Whose memories the tools act on: fixed, or resolved per call. */
  readonly scope: Scope | (() => Scope | Promise<Scope>);
  readonly memoryTypes?: readonly [string, ...string[]];
  readonly recallTopK?: number;
}

/** remember, recall and forget (plus listCategories and trace) as LangChain tools with zod schemas. */
export function memographTools(input: MemographToolsInput): MemographToolset {
  const schemas = memoryToolSchemas(input.memoryTypes);
  const handlers = memoryToolHandlers(input.memory, typeof input.scope === "function" ? input.scope : () => input.scope as Scope, input.recallTopK, input);
  const json = <T>(run: (args: T) => Promise<unknown>) => async (args: T) => JSON.stringify(await run(args));
  return [
    tool(json(handlers.remember), { name: "remember", description: MEMORY_TOOL_DESCRIPTIONS.remember, schema: schemas.remember }),
    tool(json(handlers.recall), { name: "recall", description: MEMORY_TOOL_DESCRIPTIONS.recall, schema: schemas.recall }),
    tool(json(handlers.forget), { name: "forget", description: MEMORY_TOOL_DESCRIPTIONS.forget, schema: schemas.forget }),
    tool(json(handlers.listCategories), { name: "list_categories", description: MEMORY_TOOL_DESCRIPTIONS.listCategories, schema: schemas.listCategories }),
    tool(json(handlers.trace), { name: "trace", description: MEMORY_TOOL_DESCRIPTIONS.trace, schema: schemas.trace }),
  ];
}
