// pnpm --filter @memograph/example-multimodal audio [file.wav]
// The transcription profile turns speech into timed lines; each memory keeps the time range it was said in.
import path from "node:path";
import { ffmpegSample, openMemory } from "./models.js";

const SPOKEN = "Hello, I am Priya. I adopted a border collie called Biscuit last weekend. I walk him every morning before work.";
const { memory, workdir, close } = await openMemory({ transcript: SPOKEN });
const file = process.argv[2] ? path.resolve(process.argv[2]) : await ffmpegSample(path.join(workdir, "speech.wav"), ["-f", "lavfi", "-i", `flite=text='${SPOKEN}'`, "-ar", "16000", "-ac", "1"]);
const scope = { userId: "example" };
const result = await memory.memorize({ resourceUrl: file, scope });
console.log(`audio ${path.basename(file)}:`);
for (const item of result.items) {
  const span = item.sources[0]!.span;
  console.log(`- ${item.summary}${span.kind === "time" ? ` [${span.startMs / 1000}–${span.endMs / 1000} s]` : ""}`);
}
const found = await memory.retrieve({ query: "What is the dog called?", scope, method: "llm" });
console.log(`retrieve (llm): ${found.items[0]?.summary} — tiers ${found.tiers.join(" → ")}, ${found.usage.modelCalls} model calls`);
await close();
