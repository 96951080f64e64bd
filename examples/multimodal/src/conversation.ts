// pnpm --filter @memograph/example-multimodal conversation
// A conversation with a model: one extraction call per segment, category summaries that cite item ids, and llm
// retrieval that stops as soon as a tier answers the question. Usage shows calls and tokens per step.
import { openMemory } from "./models.js";

const { memory, close } = await openMemory();
const scope = { userId: "sam" };
const result = await memory.memorize({
  content: [
    { role: "user", content: "I moved to Lisbon last month and I work as a data engineer at a bank.", created_at: "2025-03-14T09:00:00Z" },
    { role: "assistant", content: "Congratulations on the move!" },
    { role: "user", content: "I am learning Portuguese every morning before work.", created_at: "2025-03-14T09:01:00Z" },
  ],
  scope,
});
console.log(`memorized ${result.items.length} items in ${result.categories.length} categories`);
for (const category of result.categories) console.log(`## ${category.name}\n${category.summary}`);
for (const [step, usage] of Object.entries(result.usage.steps)) if (usage.calls > 0) console.log(`  ${step}: ${usage.calls} calls, ${usage.inputTokens} in / ${usage.outputTokens} out tokens`);
const found = await memory.retrieve({ query: "Which language is Sam learning?", scope, method: "llm" });
console.log(`retrieve (llm): ${found.items.map((item) => item.summary).join(" | ")}`);
console.log(`  tiers ${found.tiers.join(" → ")}, sufficient: ${found.sufficient}, ${found.usage.modelCalls} model calls`);
await close();
