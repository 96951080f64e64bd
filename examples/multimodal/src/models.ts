import { execFile } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { createMemory, SafeResourceLoader, type MemoryService } from "@memograph/core";
import { scriptedMemoryModel, startFakeOpenAI } from "@memograph/core/fake-openai";
import { openAIProfile } from "@memograph/langchain";

/**
 * A memory with models: your OpenAI-compatible endpoint when OPENAI_API_KEY is set (OPENAI_BASE_URL, CHAT_MODEL,
 * TRANSCRIPTION_MODEL honoured), otherwise a local fake endpoint on 127.0.0.1 that answers with a fixed script, so
 * the example runs offline. `transcript` is what the fake "hears" in any audio.
 */
export async function openMemory(options: { transcript?: string } = {}): Promise<{ memory: MemoryService; workdir: string; close: () => Promise<void> }> {
  const workdir = await mkdtemp(path.join(tmpdir(), "memograph-example-"));
  const real = Boolean(process.env.OPENAI_API_KEY);
  const fake = real
    ? undefined
    : await startFakeOpenAI({
        chat: scriptedMemoryModel(),
        transcribe: () => ({ text: options.transcript ?? "", segments: (options.transcript ?? "").split(/(?<=\.) /).map((text, index) => ({ start: index * 2, end: index * 2 + 2, text })) }),
      });
  const profile = openAIProfile({
    apiKey: process.env.OPENAI_API_KEY ?? "offline",
    ...(fake === undefined ? {} : { baseURL: fake.baseURL }),
    chatModel: process.env.CHAT_MODEL ?? "gpt-4.1-mini",
    transcriptionModel: process.env.TRANSCRIPTION_MODEL ?? "whisper-1",
  });
  console.log(real ? `models: ${process.env.OPENAI_BASE_URL ?? "OpenAI"}` : "models: local fake endpoint (set OPENAI_API_KEY to use a real one)");
  const memory = await createMemory({ profiles: { default: profile }, loader: new SafeResourceLoader({ roots: [workdir, process.cwd()] }) });
  return {
    memory,
    workdir,
    close: async () => {
      await memory.close();
      await fake?.close();
    },
  };
}

const run = promisify(execFile);

/** Makes a sample file with ffmpeg (lavfi sources; flite speaks the text). */
export async function ffmpegSample(file: string, args: readonly string[]): Promise<string> {
  await run("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", ...args, file]);
  return file;
}
