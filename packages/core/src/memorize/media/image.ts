import { z } from "zod";
import type { ModelSession } from "../../models/model-session.js";
import type { Prompts } from "../../models/prompts.js";

const descriptionSchema = z.object({ caption: z.string().trim().min(1).max(300), description: z.string().trim().min(1).max(10_000) });

/** The vision profile captions and describes the image; extraction then reads the description. */
export async function describeImage(session: ModelSession, prompts: Prompts, image: { bytes: Uint8Array; mediaType: string }): Promise<{ caption: string; description: string }> {
  return session.object(
    "caption",
    {
      system: prompts.caption,
      user: [{ type: "text", text: "Caption and describe this image." }, { type: "image", data: image.bytes, mediaType: image.mediaType }],
      schema: descriptionSchema,
      schemaName: "image_description",
    },
    "An image",
  );
}
