// pnpm --filter @memograph/example-multimodal image [file.png]
// The vision profile captions and describes the image; memories come from the description and trace back to it.
import path from "node:path";
import { ffmpegSample, openMemory } from "./models.js";

const { memory, workdir, close } = await openMemory();
const file = process.argv[2] ? path.resolve(process.argv[2]) : await ffmpegSample(path.join(workdir, "square.png"), ["-f", "lavfi", "-i", "color=c=red:s=64x64", "-frames:v", "1"]);
const scope = { userId: "example" };
const result = await memory.memorize({ resourceUrl: file, scope });
console.log(`image ${path.basename(file)} → caption: ${result.resource.caption}`);
for (const item of result.items) {
  const trace = await memory.trace({ scope, id: item.id });
  console.log(`- ${item.summary}\n    from: ${JSON.stringify(trace.sources[0]?.excerpt)}`);
}
console.log(`model calls: ${result.usage.modelCalls} (${Object.keys(result.usage.profiles).join(", ")})`);
await close();
