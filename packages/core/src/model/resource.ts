import { z } from "zod";

export const MODALITIES = ["conversation", "document", "image", "audio", "video"] as const;
export const modalitySchema = z.enum(MODALITIES);
export type Modality = z.infer<typeof modalitySchema>;

/** One raw input: a conversation, a document or a media file. */
export interface Resource {
  readonly id: string;
  readonly uri: string;
  readonly modality: Modality;
  /** sha256 of the raw content; re-memorizing the same content in the same scope is a no-op. */
  readonly contentHash: string;
  readonly caption: string | null;
  /** The normalised text (a transcript for conversations and media). */
  readonly text: string;
  readonly scope: Readonly<Record<string, string>>;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
}
