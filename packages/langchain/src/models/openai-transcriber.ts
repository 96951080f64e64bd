import type { Transcriber, TranscriptSegment } from "@memograph/core";
import OpenAI, { toFile } from "openai";

/** An OpenAI-compatible `/audio/transcriptions` endpoint (Whisper and alike), segments with timings. */
export class OpenAITranscriber implements Transcriber {
  readonly id: string;
  private readonly client: OpenAI;
  private readonly model: string;

  constructor(options: { readonly model: string; readonly apiKey: string; readonly baseURL?: string }) {
    this.id = `openai-transcription:${options.model}`;
    this.client = new OpenAI({ apiKey: options.apiKey, maxRetries: 0, ...(options.baseURL === undefined ? {} : { baseURL: options.baseURL }) });
    this.model = options.model;
  }

  async transcribe(request: { audio: Uint8Array; mediaType: string; fileName: string; signal: AbortSignal }): Promise<{ text: string; segments: TranscriptSegment[] }> {
    const file = await toFile(request.audio, request.fileName, { type: request.mediaType });
    const result = await this.client.audio.transcriptions.create(
      { file, model: this.model, response_format: "verbose_json", timestamp_granularities: ["segment"] },
      { signal: request.signal },
    );
    return {
      text: result.text,
      segments: (result.segments ?? []).map((segment) => ({ startMs: Math.round(segment.start * 1000), endMs: Math.round(segment.end * 1000), text: segment.text.trim() })),
    };
  }
}
