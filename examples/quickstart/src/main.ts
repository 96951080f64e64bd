// Quickstart: memorize a conversation, retrieve with provenance, trace a memory back to its message.
// Offline: no model, no key, no server, no download (the embedder's weights come with @memograph/embedder-onnx).
// Run with `pnpm demo` from the repository root.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createMemory, SafeResourceLoader } from "@memograph/core";
import { OnnxEmbedder } from "@memograph/embedder-onnx";

const here = path.dirname(fileURLToPath(import.meta.url));
const conversation = path.join(here, "..", "conversation.json");
const scope = { userId: "priya" };

// In memory here; pass `dir: ".memograph"` to keep memories on disk.
const memory = await createMemory({ embedder: new OnnxEmbedder(), loader: new SafeResourceLoader({ roots: [path.dirname(conversation)] }) });

const memorized = await memory.memorize({ resourceUrl: conversation, scope });
console.log(`Memorized ${memorized.items.length} memories in ${memorized.categories.length} categories (${memorized.usage.modelCalls} model calls).`);

for (const query of ["When did Priya move the pipelines to Flink?", "Is she vegetarian?", "When does she train for running?"]) {
  const result = await memory.retrieve({ query, scope, topK: 2 });
  console.log(`\n? ${query}`);
  for (const item of result.items) {
    const source = item.sources[0];
    const messages = source?.span.kind === "messages" ? source.span.messageIds.join(", ") : "";
    console.log(`  ${item.score.toFixed(4)}  ${item.summary}\n          [${item.type}; ${item.categories.join(", ")}; from ${source?.resourceId} messages ${messages}]`);
  }
}

const top = (await memory.retrieve({ query: "Flink migration", scope, topK: 1 })).items[0]!;
const trace = await memory.trace({ scope, id: top.id });
console.log(`\nTrace of ${top.id}:\n  ${trace.sources.map((source) => `${source.resource.uri}\n  ${source.excerpt}`).join("\n  ")}`);
await memory.close();
