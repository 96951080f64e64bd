import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { z } from "zod";
import { ResourceUnreadableError, UnsupportedModalityError } from "../../errors/index.js";
import type { ModelSession } from "../../models/model-session.js";
import type { Prompts } from "../../models/prompts.js";
import type { TranscriptSegment } from "../../ports/index.js";

const run = promisify(execFile);

/** The ffmpeg and ffprobe executables (names on the PATH, or paths). */
export interface FfmpegTools {
  readonly ffmpeg: string;
  readonly ffprobe: string;
}

/** Frames sampled per video: one per 5 s, at least 3, at most 8, spread across the whole video. */
const FRAME_SECONDS = 5;
const MIN_FRAMES = 3;
const MAX_FRAMES = 8;

interface Probe {
  durationMs: number;
  hasAudio: boolean;
}

async function ffmpeg(tool: string, args: readonly string[], uri: string): Promise<string> {
  try {
    return (await run(tool, args, { maxBuffer: 16 * 1024 * 1024 })).stdout;
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "ENOENT") throw new UnsupportedModalityError(`video needs ffmpeg and ffprobe on the PATH (not found: ${tool})`);
    throw new ResourceUnreadableError(`${uri}: ffmpeg could not read the video (${(cause as { stderr?: string }).stderr?.trim().split("\n").at(-1) ?? (cause as Error).message})`, { cause });
  }
}

async function probe(ffprobe: string, file: string, uri: string): Promise<Probe> {
  const out = JSON.parse(await ffmpeg(ffprobe, ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", file], uri)) as {
    format?: { duration?: string };
    streams?: { codec_type?: string }[];
  };
  const durationMs = Number(out.format?.duration ?? NaN) * 1000;
  if (!Number.isFinite(durationMs) || durationMs <= 0) throw new ResourceUnreadableError(`${uri}: the video has no duration`);
  return { durationMs, hasAudio: (out.streams ?? []).some((stream) => stream.codec_type === "audio") };
}

/** Frame times at the middle of equal slices of the video, so the samples cover all of it. */
export function frameTimes(durationMs: number): number[] {
  const count = Math.min(MAX_FRAMES, Math.max(MIN_FRAMES, Math.ceil(durationMs / 1000 / FRAME_SECONDS)));
  return Array.from({ length: count }, (_, index) => Math.round(((index + 0.5) * durationMs) / count));
}

const framesSchema = (count: number) =>
  z.object({
    caption: z.string().trim().min(1).max(300),
    frames: z.array(z.object({ index: z.number().int().min(0).max(count - 1), description: z.string().trim().min(1).max(2000) })).min(1),
  });

/**
 * Video: frames sampled across the whole video, described in one vision call, plus the transcribed audio track.
 * Both become timed segments, so items keep the time range they come from.
 */
export async function readVideo(
  session: ModelSession,
  prompts: Prompts,
  video: { bytes: Uint8Array; uri: string; tools: FfmpegTools },
): Promise<{ caption: string; segments: TranscriptSegment[] }> {
  const dir = await mkdtemp(path.join(tmpdir(), "memograph-video-"));
  try {
    const file = path.join(dir, "input");
    await writeFile(file, video.bytes);
    const { durationMs, hasAudio } = await probe(video.tools.ffprobe, file, video.uri);
    const times = frameTimes(durationMs);
    const frames = await Promise.all(
      times.map(async (ms, index) => {
        const out = path.join(dir, `frame-${index}.jpg`);
        await ffmpeg(video.tools.ffmpeg, ["-v", "error", "-ss", String(ms / 1000), "-i", file, "-frames:v", "1", "-vf", "scale=512:-2", "-y", out], video.uri);
        return readFile(out);
      }),
    );
    const seen = await session.object(
      "caption",
      {
        system: prompts.caption,
        user: [
          { type: "text", text: `These ${frames.length} frames are sampled in order across a ${(durationMs / 1000).toFixed(1)} s video, at ${times.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(", ")}. Caption the video and describe each frame (index from 0).` },
          ...frames.map((data) => ({ type: "image" as const, data: new Uint8Array(data), mediaType: "image/jpeg" })),
        ],
        schema: framesSchema(frames.length),
        schemaName: "video_frames",
      },
      "A video",
    );
    const slice = durationMs / times.length;
    const segments: TranscriptSegment[] = seen.frames.map((frame) => ({
      startMs: Math.round(frame.index * slice),
      endMs: Math.round((frame.index + 1) * slice),
      text: `Seen: ${frame.description}`,
    }));
    if (hasAudio) {
      const audio = path.join(dir, "audio.wav");
      await ffmpeg(video.tools.ffmpeg, ["-v", "error", "-i", file, "-vn", "-ac", "1", "-ar", "16000", "-y", audio], video.uri);
      const heard = await session.transcribe(new Uint8Array(await readFile(audio)), "audio/wav", "audio.wav");
      segments.push(...heard.segments.map((segment) => ({ ...segment, text: `Said: ${segment.text}` })));
    }
    return { caption: seen.caption, segments: segments.sort((a, b) => a.startMs - b.startMs) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
