import { transcriptEntry, transcriptMessages } from "../formats/conversation.js";
import type { Resource, Span } from "../model/index.js";
import type { PreparedContent } from "../ports/index.js";
import { timedLineRange } from "./units.js";

/**
 * A stored resource's content read back from the text it keeps, as memorize wrote it: a conversation from its
 * transcript, audio and video from their timed lines, anything else as the document text its spans point into.
 */
export function storedContent(resource: Pick<Resource, "modality" | "text">): PreparedContent {
  switch (resource.modality) {
    case "conversation":
      return { kind: "conversation", conversation: { format: "transcript", participants: [], messages: transcriptMessages(resource.text).map((message) => ({ ...message, at: null })) } };
    case "audio":
    case "video":
      return {
        kind: "timed",
        segments: resource.text.split("\n").flatMap((line) => {
          const range = timedLineRange(line);
          return range === null ? [] : [{ ...range, text: line.slice(line.indexOf("] ") + 2) }];
        }),
      };
    default:
      return { kind: "document", text: resource.text };
  }
}

/** The text of a span: the span's messages as the transcript shows them, the transcript lines, or the character range. */
export function excerptOf(text: string, span: Span): string {
  switch (span.kind) {
    case "messages": {
      const ids = new Set(span.messageIds);
      return transcriptMessages(text)
        .filter((message) => ids.has(message.id))
        .map(transcriptEntry)
        .join("\n");
    }
    case "chars":
      return text.slice(span.start, span.end);
    case "pages":
      return text.split("\f").slice(span.from - 1, span.to).map((page) => page.trim()).join("\n\n");
    case "time":
      return text
        .split("\n")
        .filter((line) => {
          const range = timedLineRange(line);
          return range !== null && ((range.startMs < span.endMs && range.endMs > span.startMs) || (range.startMs === span.startMs && range.endMs === span.endMs));
        })
        .join("\n");
  }
}
