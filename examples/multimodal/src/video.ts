// pnpm --filter @memograph/example-multimodal video [file.mp4]
// Frames sampled across the whole video go to the vision profile in one call, the audio track to transcription;
// memories keep their time ranges. Needs ffmpeg and ffprobe.
import path from "node:path";
import { ffmpegSample, openMemory } from "./models.js";

const SPOKEN = "This is the garden on Sunday. The tomatoes are finally ripe.";
const { memory, workdir, close } = await openMemory({ transcript: SPOKEN });
const file = process.argv[2]
  ? path.resolve(process.argv[2])
  : await ffmpegSample(path.join(workdir, "clip.mp4"), ["-f", "lavfi", "-i", "testsrc=duration=10:size=160x120:rate=10", "-f", "lavfi", "-i", `flite=text='${SPOKEN}'`, "-af", "apad", "-t", "10", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac"]);
const scope = { userId: "example" };
const result = await memory.memorize({ resourceUrl: file, scope });
console.log(`video ${path.basename(file)} → caption: ${result.resource.caption}`);
for (const item of result.items) {
  const span = item.sources[0]!.span;
  console.log(`- ${item.summary}${span.kind === "time" ? ` [${span.startMs / 1000}–${span.endMs / 1000} s]` : ""}`);
}
console.log(`model calls: ${result.usage.modelCalls}`);
await close();
