import { z } from "zod";

/** Where in a resource an item came from. */
export const spanSchema = z.discriminatedUnion("kind", [
  /** Conversation: the ids of the messages (LoCoMo `dia_id`s such as `D1:3`). */
  z.object({ kind: z.literal("messages"), messageIds: z.array(z.string().min(1)).min(1) }),
  /** Document: a character range of the resource text, end exclusive. */
  z.object({ kind: z.literal("chars"), start: z.number().int().min(0), end: z.number().int().min(0) }),
  /** Paged document: an inclusive page range, 1-based. */
  z.object({ kind: z.literal("pages"), from: z.number().int().min(1), to: z.number().int().min(1) }),
  /** Audio or video: a time range in milliseconds. */
  z.object({ kind: z.literal("time"), startMs: z.number().min(0), endMs: z.number().min(0) }),
]);
export type Span = z.infer<typeof spanSchema>;

/** One provenance edge: item → resource, and which part of it. */
export const sourceSchema = z.object({ resourceId: z.string().min(1), span: spanSchema });
export type Source = z.infer<typeof sourceSchema>;
