import { z } from "zod";

export const MODALITIES = ["conversation", "document", "image", "audio", "video"] as const;
export const modalitySchema = z.enum(MODALITIES);
export type Modality = z.infer<typeof modalitySchema>;

/** A node's scope as stored: key → value. */
export const scopeRecord = z.record(z.string(), z.string());
export const isoDateTime = z.iso.datetime({ offset: true });

/** One raw input: a conversation, a document or a media file. */
export const resourceSchema = z.object({
  id: z.string().min(1),
  uri: z.string().min(1),
  modality: modalitySchema,
  /** sha256 of the raw content; re-memorizing the same content in the same scope is a no-op. */
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  caption: z.string().nullable(),
  /** The normalised text (a transcript for conversations and media). */
  text: z.string(),
  scope: scopeRecord,
  metadata: z.record(z.string(), z.unknown()),
  createdAt: isoDateTime,
});
export type Resource = z.infer<typeof resourceSchema>;
