import type { LanguageModel } from "../ports/index.js";
import { answerName, approximateTokens, contentText, promptText, type ChatContentPart, type ChatRequest, type Reply } from "./fake-openai-server.js";

/** What each of memograph's structured requests asks for, by the name its prompt gives the answer. */
export type ScriptedAnswers = Partial<Record<string, (input: { readonly data: string; readonly request: ChatRequest }) => unknown>>;

function images(content: string | ChatContentPart[] | null): number {
  return typeof content === "string" || content === null ? 0 : content.filter((part) => part.type === "image_url").length;
}

const words = (value: string) => new Set(value.toLowerCase().match(/[a-z]{4,}/g) ?? []);

/** Lines `[id] text` of the data, after the line that starts with `after`. */
function idLines(data: string, after: string): { id: string; text: string }[] {
  const start = data.indexOf(after);
  return [...data.slice(start < 0 ? 0 : start).matchAll(/^\[([^\]]+)\] (.*)$/gm)].map((match) => ({ id: match[1]!, text: match[2]! }));
}

const defaults: Required<Pick<ScriptedAnswers, "memories" | "decisions" | "category_summary" | "search_query" | "image_description" | "video_frames" | "category_structure">> = {
  // One memory per unit with at least five words: the unit's text, its time as happenedAt, a category whose name
  // it mentions (else `experiences`).
  memories: ({ data }) => {
    const categories = [...data.matchAll(/^- ([a-z0-9_-]+): /gm)].map((match) => match[1]!);
    const memories = idLines(data, "Units:").flatMap(({ id, text: unit }) => {
      const at = /^\((\d{4}-\d{2}-\d{2})[^)]*\) /.exec(unit);
      const statement = unit.replace(/^\([^)]*\) /, "").replace(/^\[[^\]]*\] /, "");
      if (statement.replace(/^[^:]{1,40}: /, "").split(/\s+/).length < 5) return [];
      const found = words(statement);
      const category = categories.find((name) => name.split(/[_-]/).some((part) => found.has(part))) ?? "experiences";
      return [{ type: at === null ? "knowledge" : "event", summary: statement, happenedAt: at?.[1] ?? null, sources: [id], categories: [category] }];
    });
    return { memories, newCategories: [] };
  },
  // Reinforce a stored memory that contains the new one's words; otherwise add.
  decisions: ({ data }) => ({
    decisions: data.split("\n\n").flatMap((block) => {
      const head = /^New memory (\d+): (.*)$/m.exec(block);
      if (head === null) return [];
      const fresh = words(head[2]!);
      const same = idLines(block, "").find((stored) => [...fresh].every((word) => words(stored.text).has(word)));
      return [{ memory: Number(head[1]), action: same === undefined ? "add" : "reinforce", target: same?.id ?? null, summary: null }];
    }),
  }),
  category_summary: ({ data }) => {
    const memories = idLines(data, "Memories:").slice(0, 10);
    return { summary: memories.map((memory) => `- ${memory.text.replace(/^\([^)]*\) /, "")} [${memory.id}]`).join("\n"), citedItemIds: memories.map((memory) => memory.id) };
  },
  // Proposes no change; the schema asks for splits only when big categories are shown.
  category_structure: ({ data }) => ({ ...(/^Memories of /m.test(data) ? { splits: [] } : {}), merges: [] }),
  search_query: ({ data }) => ({ query: [...data.matchAll(/^user: (.*)$/gm)].at(-1)?.[1] ?? data }),
  image_description: ({ request }) => {
    const count = images(request.messages[1]?.content ?? null);
    return { caption: "A picture shared with the assistant", description: `The picture (${count} image) shows a red square on a white background.` };
  },
  video_frames: ({ request }) => {
    const count = images(request.messages[1]?.content ?? null);
    return { caption: "A short test video", frames: Array.from({ length: count }, (_, index) => ({ index, description: `Frame ${index + 1} of ${count}: a moving test pattern.` })) };
  },
};

/**
 * Relevance judgements: the candidates sharing a word with the query, in order; sufficient once items are judged
 * and something relevant was found, so a search stops after the items tier.
 */
function judgement({ data }: { data: string }, tier: string): unknown {
  const query = words(/^Query: (.*)$/m.exec(data)?.[1] ?? "");
  const relevant = idLines(data, "Candidate ").filter((candidate) => [...words(candidate.text)].some((word) => query.has(word))).map((candidate) => candidate.id);
  const sufficient = tier === "items" && relevant.length > 0;
  return { relevantIds: relevant.slice(0, 5), sufficient, nextStepQuery: sufficient ? null : /^Query: (.*)$/m.exec(data)?.[1] ?? null };
}

/**
 * A deterministic stand-in for a chat model that answers every structured request memograph makes, for tests and
 * offline examples served through `startFakeOpenAI`. `overrides` replace or add answers by name.
 */
export function scriptedMemoryModel(overrides: ScriptedAnswers = {}): (request: ChatRequest) => Reply {
  return (request) => {
    const name = answerName(request);
    const data = contentText(request.messages[1]?.content ?? null);
    const answer = name === undefined ? undefined : (overrides[name] ?? defaults[name as keyof typeof defaults]);
    if (answer !== undefined) return { text: JSON.stringify(answer({ data, request })) };
    if (name?.endsWith("_judgement")) return { text: JSON.stringify(judgement({ data }, name.replace("_judgement", ""))) };
    return { text: "I can only answer memograph's structured requests." };
  };
}

/** The scripted model in process, as a `LanguageModel` (no HTTP); `requests` keeps what it was asked. */
export function scriptedLanguageModel(overrides: ScriptedAnswers = {}): LanguageModel & { readonly requests: ChatRequest[] } {
  const answer = scriptedMemoryModel(overrides);
  const requests: ChatRequest[] = [];
  return {
    id: "scripted-memory-model",
    requests,
    async complete({ messages }) {
      const request: ChatRequest = {
        model: "scripted",
        messages: messages.map((message) => ({
          role: message.role,
          content: typeof message.content === "string"
            ? message.content
            : message.content.map((part) => (part.type === "text" ? part : { type: "image_url" as const, image_url: { url: `data:${part.mediaType};base64,${Buffer.from(part.data).toString("base64")}` } })),
        })),
      };
      requests.push(request);
      const reply = answer(request);
      const text = "text" in reply ? reply.text : "";
      return { text, usage: { inputTokens: approximateTokens(promptText(request)), outputTokens: approximateTokens(text) } };
    },
  };
}
