import { z } from "zod";
import { idInput as id, instant, isoDate, metadataInput, scopeInput, whereInput } from "../engine/inputs.js";

// The inputs of the service's own operations (CRUD, trace, forget); memorize's and retrieve's sit beside them.

export const scopedIdSchema = z.object({ scope: scopeInput, id }).strict();
export type ScopedIdInput = z.input<typeof scopedIdSchema>;

export const scopeOnlySchema = z.object({ scope: scopeInput, where: whereInput }).strict();
export type ScopeOnlyInput = z.input<typeof scopeOnlySchema>;

export const listResourcesInputSchema = z
  .object({ scope: scopeInput, where: whereInput, limit: z.number().int().min(1).max(500).default(50), cursor: z.string().min(1).optional() })
  .strict();
export type ListResourcesInput = z.input<typeof listResourcesInputSchema>;

export const listItemsInputSchema = z
  .object({
    scope: scopeInput,
    where: whereInput,
    types: z.array(z.string().min(1)).min(1).optional(),
    /** Only items whose id starts with this (answered by the id index). */
    idPrefix: z.string().regex(/^itm_[A-Za-z0-9_-]*$/, "itm_ followed by letters, digits, _ or -").max(200).optional(),
    status: z.enum(["active", "superseded", "all"]).default("active"),
    /** Only items created at or after this instant (ISO 8601; a date is its midnight UTC). */
    createdFrom: instant.optional(),
    /** Only items created before this instant (exclusive). */
    createdTo: instant.optional(),
    /** Only items filed in a category of one of these names. */
    categories: z.array(z.string().min(1)).min(1).max(100).optional(),
    limit: z.number().int().min(1).max(500).default(50),
    cursor: z.string().min(1).optional(),
  })
  .strict()
  .refine((input) => input.createdFrom === undefined || input.createdTo === undefined || input.createdFrom < input.createdTo, { message: "must be later than createdFrom", path: ["createdTo"] });
export type ListItemsInput = z.input<typeof listItemsInputSchema>;

export const createItemInputSchema = z
  .object({
    scope: scopeInput,
    /**
     * A caller-chosen id (for adapters that address items by key); must not exist yet in this scope. The item is
     * stored as `scopedItemId(scope, id)`: the id with a suffix of the scope's hash, which the result carries.
     */
    id: z.string().regex(/^itm_[A-Za-z0-9_-]{1,96}$/, "itm_ followed by letters, digits, _ or -").optional(),
    type: z.string().min(1),
    summary: z.string().trim().min(1).max(10_000),
    categories: z.array(z.string().min(1).max(100)).optional(),
    happenedAt: isoDate.nullable().optional(),
    metadata: metadataInput.default({}),
  })
  .strict();
export type CreateItemInput = z.input<typeof createItemInputSchema>;

export const updateItemInputSchema = z
  .object({
    scope: scopeInput,
    id,
    type: z.string().min(1).optional(),
    summary: z.string().trim().min(1).max(10_000).optional(),
    categories: z.array(z.string().min(1).max(100)).optional(),
    happenedAt: isoDate.nullable().optional(),
    metadata: metadataInput.optional(),
  })
  .strict();
export type UpdateItemInput = z.input<typeof updateItemInputSchema>;

/** Marks item `id` superseded by item `by` (both of the caller's exact scope): `id` stays as history, out of default results. */
export const supersedeItemInputSchema = z.object({ scope: scopeInput, id, by: id }).strict();
export type SupersedeItemInput = z.input<typeof supersedeItemInputSchema>;

const categoryName = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "lower-case letters, digits, _ and -, at most 64");

export const createCategoryInputSchema = z.object({ scope: scopeInput, name: categoryName, description: z.string().max(1000).default("") }).strict();
export type CreateCategoryInput = z.input<typeof createCategoryInputSchema>;

export const updateCategoryInputSchema = z
  .object({ scope: scopeInput, id, description: z.string().max(1000).optional(), summary: z.string().max(100_000).optional() })
  .strict();
export type UpdateCategoryInput = z.input<typeof updateCategoryInputSchema>;

