import path from "node:path";
import { ResourceUnreadableError, UnsupportedModalityError } from "../errors/index.js";
import { conversationTranscript, looksLikeTranscript, parseConversation } from "../formats/conversation.js";
import type { Modality } from "../model/index.js";
import type { PreparedContent } from "../ports/index.js";

const MEDIA_EXTENSIONS: Record<string, Modality> = {
  ".png": "image", ".jpg": "image", ".jpeg": "image", ".gif": "image", ".webp": "image",
  ".wav": "audio", ".mp3": "audio", ".m4a": "audio", ".ogg": "audio", ".flac": "audio",
  ".mp4": "video", ".mov": "video", ".webm": "video", ".mkv": "video",
};

/** The modality from the name and content, when the caller did not give one. */
export function detectModality(uri: string, text: string | null): Modality {
  const extension = path.extname(new URL(uri, "file:///").pathname).toLowerCase();
  const media = MEDIA_EXTENSIONS[extension];
  if (media !== undefined) return media;
  if (text === null) throw new ResourceUnreadableError(`${uri}: binary content of unknown type; pass a modality`);
  const trimmed = text.trimStart();
  if (extension === ".json" || trimmed.startsWith("[") || trimmed.startsWith("{")) return "conversation";
  return looksLikeTranscript(text) ? "conversation" : "document";
}

export function decodeText(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Preprocesses content per modality into what the extractor reads, and the text the resource keeps. */
export function prepareContent(uri: string, modality: Modality, text: string | null): { content: PreparedContent; resourceText: string } {
  if (modality === "image" || modality === "audio" || modality === "video") {
    throw new UnsupportedModalityError(`${modality} needs a ${modality === "image" ? "vision" : "transcription"} model; none is configured (the offline default reads conversations and documents)`);
  }
  if (text === null) throw new ResourceUnreadableError(`${uri}: not UTF-8 text`);
  if (modality === "conversation") {
    const conversation = parseConversation(text, uri);
    return { content: { kind: "conversation", conversation }, resourceText: conversationTranscript(conversation) };
  }
  if (text.trim() === "") throw new ResourceUnreadableError(`${uri}: the document is empty`);
  return { content: { kind: "document", text }, resourceText: text };
}
