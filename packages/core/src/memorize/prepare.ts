import path from "node:path";
import { ResourceUnreadableError } from "../errors/index.js";
import { conversationTranscript, looksLikeTranscript, parseConversation } from "../formats/conversation.js";
import type { Modality } from "../model/index.js";
import type { ModelSession } from "../models/model-session.js";
import type { LoadedResource, PreparedContent, TranscriptSegment } from "../ports/index.js";
import { describeImage } from "./media/image.js";
import { htmlText, isHtml, isPdf, pdfText } from "./media/documents.js";
import type { MemorizeEngine } from "./memorize-engine.js";
import { readVideo } from "./media/video.js";
import { timedLine } from "./units.js";

const MEDIA_TYPES: Record<string, { modality: Modality; mediaType: string }> = {
  ".png": { modality: "image", mediaType: "image/png" },
  ".jpg": { modality: "image", mediaType: "image/jpeg" },
  ".jpeg": { modality: "image", mediaType: "image/jpeg" },
  ".gif": { modality: "image", mediaType: "image/gif" },
  ".webp": { modality: "image", mediaType: "image/webp" },
  ".wav": { modality: "audio", mediaType: "audio/wav" },
  ".mp3": { modality: "audio", mediaType: "audio/mpeg" },
  ".m4a": { modality: "audio", mediaType: "audio/mp4" },
  ".ogg": { modality: "audio", mediaType: "audio/ogg" },
  ".flac": { modality: "audio", mediaType: "audio/flac" },
  ".mp4": { modality: "video", mediaType: "video/mp4" },
  ".mov": { modality: "video", mediaType: "video/quicktime" },
  ".webm": { modality: "video", mediaType: "video/webm" },
  ".mkv": { modality: "video", mediaType: "video/x-matroska" },
  ".pdf": { modality: "document", mediaType: "application/pdf" },
};

function extensionOf(uri: string): string {
  return path.extname(new URL(uri, "file:///").pathname).toLowerCase();
}

/** The modality from the name and content, when the caller did not give one. */
export function detectModality(uri: string, bytes: Uint8Array, text: string | null): Modality {
  const media = MEDIA_TYPES[extensionOf(uri)];
  if (media !== undefined) return media.modality;
  if (isPdf(bytes, uri)) return "document";
  if (text === null) throw new ResourceUnreadableError(`${uri}: binary content of unknown type; pass a modality`);
  const trimmed = text.trimStart();
  if (extensionOf(uri) === ".json" || trimmed.startsWith("[") || trimmed.startsWith("{")) return "conversation";
  return looksLikeTranscript(text) ? "conversation" : "document";
}

export function decodeText(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

export interface Prepared {
  readonly content: PreparedContent;
  /** The text the resource keeps: a transcript, a document's text, a media description. */
  readonly resourceText: string;
  readonly caption: string | null;
}

function timedText(segments: readonly TranscriptSegment[]): string {
  return segments.map(timedLine).join("\n");
}

/** Preprocesses content per modality into what extraction reads; media go through the vision and transcription profiles. */
export async function prepareContent(engine: MemorizeEngine, session: ModelSession, loaded: LoadedResource, modality: Modality): Promise<Prepared> {
  const { uri, bytes } = loaded;
  const mediaType = loaded.mediaType ?? MEDIA_TYPES[extensionOf(uri)]?.mediaType ?? "application/octet-stream";
  switch (modality) {
    case "image": {
      const { caption, description } = await describeImage(session, engine.prompts, { bytes, mediaType });
      // Extraction reads the text the resource keeps, so character spans point into it.
      const text = `${caption}\n\n${description}`;
      return { content: { kind: "document", text }, resourceText: text, caption };
    }
    case "audio": {
      const heard = await session.transcribe(bytes, mediaType, path.basename(new URL(uri, "file:///").pathname) || "audio");
      const segments = heard.segments.length > 0 ? heard.segments : [{ startMs: 0, endMs: 0, text: heard.text }];
      if (segments.every((segment) => segment.text.trim() === "")) throw new ResourceUnreadableError(`${uri}: the transcript is empty`);
      return { content: { kind: "timed", segments }, resourceText: timedText(segments), caption: null };
    }
    case "video": {
      const { caption, segments } = await readVideo(session, engine.prompts, { bytes, uri, tools: engine.ffmpeg });
      return { content: { kind: "timed", segments }, resourceText: timedText(segments), caption };
    }
    case "conversation": {
      const text = decodeText(bytes);
      if (text === null) throw new ResourceUnreadableError(`${uri}: not UTF-8 text`);
      const conversation = parseConversation(text, uri);
      return { content: { kind: "conversation", conversation }, resourceText: conversationTranscript(conversation), caption: null };
    }
    case "document": {
      const text = isPdf(bytes, uri) ? (await pdfText(bytes, uri)).text : readableText(bytes, uri, loaded.mediaType);
      if (text.trim() === "") throw new ResourceUnreadableError(`${uri}: the document is empty`);
      return { content: { kind: "document", text }, resourceText: text, caption: null };
    }
  }
}

function readableText(bytes: Uint8Array, uri: string, mediaType: string | undefined): string {
  const text = decodeText(bytes);
  if (text === null) throw new ResourceUnreadableError(`${uri}: not UTF-8 text`);
  return isHtml(text, uri, mediaType) ? htmlText(text) : text;
}
