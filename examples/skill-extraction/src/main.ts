// Skill extraction from agent logs (memU's Example 2, our way): three execution logs of a deploy agent, memorized in
// order; after each one the evolving guide is written (log_1.md, log_2.md, skill.md), every lesson citing the memory
// it is and the log lines it comes from. Advice a later log contradicts is superseded, not kept beside the new one.
//
//   pnpm --filter @memograph/example-skill-extraction start            offline: rule extraction, no model
//   pnpm --filter @memograph/example-skill-extraction start -- --model  with a model: OPENAI_API_KEY's endpoint,
//                                                                      else a local fake one on 127.0.0.1
//   ... start -- --out <dir>                                           where the guides go (default: a temp dir)
//
// Logs are JSON lines, one event per line (see agentLogEventSchema in @memograph/core). Extraction is structural in
// both modes (AgentLogExtractor); a model, when given, decides in memorize's reconcile step which stored memory a new
// one supersedes and writes the category summaries. Offline, the lesson key decides (supersedeContradicted).
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { AGENT_LOG_CATEGORIES, AgentLogExtractor, agentLogLessonKey, agentLogMessages, createMemory, type Item, type MemorizeResult, type MemoryService } from "@memograph/core";
import { openAIProfile } from "@memograph/langchain";
import { startModel } from "./model.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const logs = ["log_1.jsonl", "log_2.jsonl", "log_3.jsonl"].map((name) => path.join(here, "..", "logs", name));
const guides = ["log_1.md", "log_2.md", "skill.md"];
const scope = { userId: "deploy-agent" };
const args = process.argv.slice(2);
const withModel = args.includes("--model");
const outIndex = args.indexOf("--out");
const outDir = outIndex >= 0 ? path.resolve(args[outIndex + 1]!) : await mkdtemp(path.join(tmpdir(), "memograph-skills-"));
await mkdir(outDir, { recursive: true });

/** Resource id → position of its log, so "later" means a later log, not a later clock reading. */
const logOrder = new Map<string, number>();
const model = withModel ? await startModel() : undefined;
const memory = await createMemory({
  extractor: new AgentLogExtractor(),
  memoryTypes: ["skill", "tool", "event"],
  categories: AGENT_LOG_CATEGORIES,
  ...(model === undefined
    ? {}
    : {
        profiles: { default: openAIProfile({ apiKey: model.apiKey, chatModel: model.chatModel, ...(model.baseURL === undefined ? {} : { baseURL: model.baseURL }) }) },
        // Lessons about the same failure share most words: let the model judge them even when worded apart.
        reconcileSimilarity: 0.5,
      }),
});
console.log(`models: ${model?.label ?? "none (offline rule extraction; --model to use one)"}`);

try {
  for (const [index, file] of logs.entries()) {
    const uri = path.basename(file);
    const result = await memorize(memory, file, uri);
    const byKey = await supersedeContradicted(memory);
    console.log(`\n${uri}: ${result.items.length} memories; superseded by the reconcile model: ${result.superseded.length}, by lesson key: ${byKey.length}`);
    const guide = await renderGuide(memory, index + 1, index === logs.length - 1);
    await writeFile(path.join(outDir, guides[index]!), guide);
    console.log(`==> ${guides[index]} <==\n${guide}`);
  }
  console.log(`guides written to ${outDir}`);
} finally {
  await memory.close();
  await model?.close();
}

async function memorize(memory: MemoryService, file: string, uri: string): Promise<MemorizeResult> {
  const content = agentLogMessages(await readFile(file, "utf8"), uri);
  const result = await memory.memorize({ content, uri, modality: "conversation", scope });
  logOrder.set(result.resource.id, logOrder.size);
  return result;
}

async function listAll(memory: MemoryService, status: "active" | "superseded"): Promise<Item[]> {
  return [...(await memory.listItems({ scope, status, limit: 500 })).records];
}

/**
 * Offline, nothing judges contradictions at memorize time: two active lessons about the same failure of the same
 * tool (or two ways a tool works) disagree, and the one from the later log supersedes the others.
 */
async function supersedeContradicted(memory: MemoryService): Promise<string[]> {
  const groups = new Map<string, Item[]>();
  for (const item of await listAll(memory, "active")) {
    const key = agentLogLessonKey(item.summary);
    if (key !== null) groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  const done: string[] = [];
  for (const items of groups.values()) {
    const [latest, ...older] = items.toSorted((a, b) => latestEvidence(b) - latestEvidence(a));
    for (const item of older) {
      await memory.supersedeItem({ scope, id: item.id, by: latest!.id });
      done.push(item.id);
    }
  }
  return done;
}

/** The position of the newest log the item draws on (a reinforced item is as new as its latest log). */
function latestEvidence(item: Item): number {
  return Math.max(...item.sources.map((source) => logOrder.get(source.resourceId) ?? -1));
}

/** "log_1.jsonl r1-04 r1-05" for each source: the log file and the ids of its lines. */
async function citations(memory: MemoryService, item: Item): Promise<string> {
  const { sources } = await memory.trace({ scope, id: item.id });
  return sources.map(({ resource, span }) => `${resource.uri} ${span.kind === "messages" ? span.messageIds.join(" ") : JSON.stringify(span)}`).join("; ");
}

async function renderGuide(memory: MemoryService, version: number, final: boolean): Promise<string> {
  const active = await listAll(memory, "active");
  const old = await listAll(memory, "superseded");
  const line = async (item: Item) => `- ${item.summary} [${item.id}] (${await citations(memory, item)})${item.reinforcementCount > 1 ? ` (seen ${item.reinforcementCount} times)` : ""}`;
  const section = async (title: string, type: string) => {
    const items = active.filter((item) => item.type === type);
    return items.length === 0 ? [] : [`## ${title}`, "", ...(await Promise.all(items.map(line))), ""];
  };
  const history = await Promise.all(
    old.map(async (item) => `- ~~${item.summary}~~ [${item.id}] (${await citations(memory, item)}), superseded by [${String(item.metadata.supersededBy)}]`),
  );
  return [
    "---",
    "name: deploy-checkout-service",
    `version: ${final ? "1.0.0" : `0.${version}.0`}`,
    `status: ${final ? "stable" : "evolving"}`,
    `learned_from: ${logs.slice(0, version).map((file) => path.basename(file)).join(", ")}`,
    "---",
    "",
    "# Deploying checkout-service",
    "",
    ...(await section("Lessons", "skill")),
    ...(await section("Tools", "tool")),
    ...(await section("Runs", "event")),
    ...(history.length === 0 ? [] : ["## Superseded", "", ...history, ""]),
  ].join("\n");
}
