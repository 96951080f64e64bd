// pnpm --filter @memograph/example-multimodal document [file.pdf|file.html|file.md]
// Documents: text, markdown, HTML (markup and scripts dropped) and PDF (text per page; memories cite their page).
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { openMemory } from "./models.js";

const { memory, workdir, close } = await openMemory();
const scope = { userId: "example" };
let file = process.argv[2] ? path.resolve(process.argv[2]) : "";
if (!file) {
  file = path.join(workdir, "trip.html");
  await writeFile(file, "<!doctype html><html><body><h1>Trip notes</h1><p>Priya flew to Lisbon for a data conference in May.</p><script>track()</script><p>She stayed in Alfama and took the tram to Belém every morning.</p></body></html>");
}
const result = await memory.memorize({ resourceUrl: file, scope });
console.log(`document ${path.basename(file)} (${result.resource.text.length} characters of text):`);
for (const item of result.items) {
  const trace = await memory.trace({ scope, id: item.id });
  console.log(`- ${item.summary}\n    ${JSON.stringify(trace.sources[0]?.span)}: ${JSON.stringify(trace.sources[0]?.excerpt)}`);
}
await close();
