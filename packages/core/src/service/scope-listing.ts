import { z } from "zod";
import { ValidationError } from "../errors/index.js";
import type { Page, PartitionUsage } from "../ports/index.js";
import type { Engine } from "../engine/engine.js";

export const listScopesInputSchema = z
  .object({
    /** Only partition values (user ids) starting with this. */
    prefix: z.string().min(1).max(256).optional(),
    limit: z.number().int().min(1).max(500).default(50),
    cursor: z.string().min(1).optional(),
  })
  .strict();
export type ListScopesInput = z.input<typeof listScopesInputSchema>;

export interface ScopeListing extends Page<PartitionUsage> {
  /** The scope key the listing is by: the scope schema's first required key (`userId` by default). */
  readonly key: string;
}

/**
 * Every user (value of the partition key) holding memories, with each exact scope under it and its counts. It reads
 * across scopes, so it is for administrators: a caller bound to one user must never be offered it.
 */
export async function listScopes(engine: Engine, rawInput: ListScopesInput): Promise<ScopeListing> {
  const parsed = listScopesInputSchema.safeParse(rawInput);
  if (!parsed.success) throw ValidationError.fromZod("listScopes input", parsed.error);
  const key = engine.scopeSpec.partitionKey;
  if (key === undefined) throw new ValidationError("The scope schema has no required key to list scopes by", [{ path: "scopeSchema", message: "needs a required key" }]);
  const { limit, cursor, prefix } = parsed.data;
  const page = await engine.store.listPartitions({ limit, ...(cursor === undefined ? {} : { cursor }), ...(prefix === undefined ? {} : { prefix }) });
  return { key, ...page };
}
