import { z } from "zod";
import { depthMessage, metadataInput, notTooDeep, scopeInput } from "../engine/inputs.js";
import { modalitySchema } from "../model/index.js";

export const memorizeInputSchema = z
  .object({
    /** A local path or URL, loaded through the configured loader. */
    resourceUrl: z.string().min(1).optional(),
    /** Inline content: text, or a JSON value (a conversation). */
    content: z.union([z.string().min(1), z.array(z.unknown()).min(1), z.record(z.string(), z.unknown())]).refine(notTooDeep, depthMessage).optional(),
    /** A name for inline content (shown in provenance). */
    uri: z.string().min(1).optional(),
    modality: modalitySchema.optional(),
    scope: scopeInput,
    metadata: metadataInput.default({}),
  })
  .strict()
  .refine((input) => (input.resourceUrl === undefined) !== (input.content === undefined), {
    message: "give exactly one of resourceUrl and content",
    path: ["resourceUrl"],
  });
export type MemorizeInput = z.input<typeof memorizeInputSchema>;
