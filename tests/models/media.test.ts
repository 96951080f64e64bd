import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createMemory, ResourceUnreadableError, SafeResourceLoader, UnsupportedModalityError, type MemoryOptions, type MemoryService } from "@memograph/core";
import { scriptedMemoryModel, startFakeOpenAI, type ChatContentPart, type FakeOpenAI } from "@memograph/core/testing";
import { openAIProfile } from "@memograph/langchain";
import { aiSdkLanguageModel, aiSdkTranscriber } from "@memograph/ai-sdk";
import { createOpenAI } from "@ai-sdk/openai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { makeImage, makePdf, makeSpeech, makeVideo } from "../support/media-files.js";

const scope = { userId: "priya" };
let dir: string;
let server: FakeOpenAI;
let memory: MemoryService | undefined;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "memograph-media-"));
  server = await startFakeOpenAI({
    chat: scriptedMemoryModel(),
    transcribe: ({ fileName }) => ({
      text: "Hello, I am Priya. I adopted a border collie called Biscuit last weekend.",
      segments: [
        { start: 0, end: 1.4, text: `Hello, I am Priya speaking in ${fileName}.` },
        { start: 1.4, end: 3.1, text: "I adopted a border collie called Biscuit last weekend." },
      ],
    }),
  });
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});
afterEach(async () => {
  await memory?.close();
  memory = undefined;
});

async function open(options: Partial<MemoryOptions> = {}): Promise<MemoryService> {
  const profile = openAIProfile({ apiKey: "k", baseURL: server.baseURL, chatModel: "fake-chat", transcriptionModel: "fake-whisper" });
  memory = await createMemory({ profiles: { default: profile, vision: profile, transcription: profile }, loader: new SafeResourceLoader({ roots: [dir] }), ...options });
  return memory;
}

function imagesOf(content: string | ChatContentPart[] | null): string[] {
  return Array.isArray(content) ? content.flatMap((part) => (part.type === "image_url" ? [part.image_url.url] : [])) : [];
}

describe("media through the vision and transcription profiles", () => {
  it("image: the vision profile sees the file, the resource keeps the caption, items come from the description", async () => {
    const file = await makeImage(dir);
    const service = await open();
    const before = server.requests.length;
    const result = await service.memorize({ resourceUrl: file, scope });
    const vision = server.requests[before]!;
    const [url] = imagesOf(vision.messages[1]!.content);
    expect(url).toBe(`data:image/png;base64,${(await readFile(file)).toString("base64")}`);
    expect(result.resource).toMatchObject({ modality: "image", caption: "A picture shared with the assistant" });
    const square = result.items.find((item) => item.summary.includes("red square"))!;
    expect(result.usage.steps.preprocess!.calls).toBe(1);
    const trace = await service.trace({ scope, id: square.id });
    expect(trace.sources[0]!.excerpt).toContain("red square");
  });

  it("audio: a spoken WAV goes to the transcription endpoint, items keep time ranges", async () => {
    const file = await makeSpeech(dir, "Hello, I am Priya. I adopted a border collie called Biscuit last weekend.");
    const service = await open();
    const result = await service.memorize({ resourceUrl: file, scope });
    const sent = server.transcriptions.at(-1)!;
    expect(sent.model).toBe("fake-whisper");
    expect(Buffer.from(sent.bytes).equals(await readFile(file))).toBe(true);
    expect(result.resource.modality).toBe("audio");
    const dog = result.items.find((item) => item.summary.includes("border collie"))!;
    expect(dog.sources[0]!.span).toEqual({ kind: "time", startMs: 1400, endMs: 3100 });
    const trace = await service.trace({ scope, id: dog.id });
    expect(trace.sources[0]!.excerpt).toBe("[00:01.4–00:03.1] I adopted a border collie called Biscuit last weekend.");
  });

  it("video: frames across the whole video in one vision call, plus its audio track, items with time ranges", async () => {
    const file = await makeVideo(dir, 12, "I adopted a border collie called Biscuit.");
    const service = await open();
    const before = server.requests.length;
    const heardBefore = server.transcriptions.length;
    const result = await service.memorize({ resourceUrl: file, scope });
    const vision = server.requests.slice(before).find((request) => imagesOf(request.messages[1]!.content).length > 0)!;
    const frames = imagesOf(vision.messages[1]!.content);
    expect(frames).toHaveLength(3);
    expect(frames.every((url) => url.startsWith("data:image/jpeg;base64,"))).toBe(true);
    expect(new Set(frames).size).toBe(3);
    expect(JSON.stringify(vision.messages[1]!.content)).toContain("at 2.0 s, 6.0 s, 10.0 s");
    expect(server.transcriptions.length).toBe(heardBefore + 1);
    expect(new TextDecoder().decode(server.transcriptions.at(-1)!.bytes.subarray(0, 4))).toBe("RIFF");
    expect(result.resource).toMatchObject({ modality: "video", caption: "A short test video" });
    const seen = result.items.filter((item) => item.summary.startsWith("Seen:"));
    const said = result.items.filter((item) => item.summary.startsWith("Said:"));
    expect(seen).toHaveLength(3);
    expect(seen.map((item) => item.sources[0]!.span)).toEqual([
      { kind: "time", startMs: 0, endMs: 4000 },
      { kind: "time", startMs: 4000, endMs: 8000 },
      { kind: "time", startMs: 8000, endMs: 12000 },
    ]);
    expect(said.length).toBeGreaterThan(0);
  });

  it("an unreadable video fails with a typed error and writes nothing", async () => {
    const file = path.join(dir, "broken.mp4");
    await writeFile(file, "this is not a video");
    const service = await open();
    await expect(service.memorize({ resourceUrl: file, scope })).rejects.toBeInstanceOf(ResourceUnreadableError);
    expect((await service.listResources({ scope })).records).toEqual([]);
  });

  it("video without ffmpeg says what is missing", async () => {
    const file = await makeVideo(dir, 2, "Hi.");
    const service = await open({ ffmpeg: { ffmpeg: "/nonexistent/ffmpeg", ffprobe: "/nonexistent/ffprobe" } });
    await expect(service.memorize({ resourceUrl: file, scope })).rejects.toBeInstanceOf(UnsupportedModalityError);
  });
});

describe("media through AI SDK providers", () => {
  it("sends the image as a file part and the audio to the transcription model", async () => {
    const provider = createOpenAI({ baseURL: server.baseURL, apiKey: "k" });
    memory = await createMemory({
      profiles: { default: { chat: aiSdkLanguageModel(provider.chat("fake-chat")), transcriber: aiSdkTranscriber(provider.transcription("fake-whisper")) } },
      loader: new SafeResourceLoader({ roots: [dir] }),
    });
    const image = await makeImage(dir);
    const before = server.requests.length;
    const pictured = await memory.memorize({ resourceUrl: image, scope });
    expect(imagesOf(server.requests[before]!.messages.find((message) => message.role === "user")!.content)[0]).toBe(`data:image/png;base64,${(await readFile(image)).toString("base64")}`);
    expect(pictured.resource.caption).toBe("A picture shared with the assistant");

    const speech = await makeSpeech(dir, "I adopted a border collie.");
    const heard = await memory.memorize({ resourceUrl: speech, scope });
    expect(server.transcriptions.at(-1)!.model).toBe("fake-whisper");
    expect(heard.items.find((item) => item.summary.includes("border collie"))!.sources[0]!.span).toEqual({ kind: "time", startMs: 1400, endMs: 3100 });
  });
});

describe("documents", () => {
  it("HTML: text without markup or scripts", async () => {
    const file = path.join(dir, "page.html");
    await writeFile(file, "<!doctype html><html><head><script>var secret = 1;</script><style>p{}</style></head><body><h1>Travel</h1><p>Priya flew to <b>Lisbon</b> for a data conference in May.</p></body></html>");
    memory = await createMemory({ loader: new SafeResourceLoader({ roots: [dir] }) });
    const result = await memory.memorize({ resourceUrl: file, scope });
    expect(result.resource.modality).toBe("document");
    expect(result.resource.text).toContain("Priya flew to Lisbon for a data conference in May.");
    expect(result.resource.text).not.toMatch(/<|secret|p\{\}/);
    expect(result.items.map((item) => item.summary)).toContain("Priya flew to Lisbon for a data conference in May.");
  });

  it("PDF: page text, and with a model items cite their page", async () => {
    const file = await makePdf(dir, ["Priya runs the Leeds half marathon every April.", "Priya keeps bees on her allotment near the river."]);
    const service = await open();
    const result = await service.memorize({ resourceUrl: file, scope });
    expect(result.resource.text).toContain("Priya runs the Leeds half marathon every April.");
    const bees = result.items.find((item) => item.summary.includes("bees"))!;
    expect(bees.sources[0]!.span).toEqual({ kind: "pages", from: 2, to: 2 });
    const trace = await service.trace({ scope, id: bees.id });
    expect(trace.sources[0]!.excerpt).toBe("Priya keeps bees on her allotment near the river.");
  });

  it("a corrupt PDF fails with a typed error", async () => {
    const file = path.join(dir, "broken.pdf");
    await writeFile(file, "%PDF-1.4 garbage");
    memory = await createMemory({ loader: new SafeResourceLoader({ roots: [dir] }) });
    await expect(memory.memorize({ resourceUrl: file, scope })).rejects.toBeInstanceOf(ResourceUnreadableError);
  });
});
