// Deterministic inputs of a given size: ordinary prose for one long message, short dated turns for a conversation.
import { prng } from "../scale/synthetic.js";

const SUBJECTS = ["I", "We", "My sister", "Our neighbour", "The team", "My friend Ana", "Dad", "The kids"];
const VERBS = ["visited", "painted", "cooked", "talked about", "walked to", "read about", "fixed", "planned"];
const OBJECTS = ["the old harbour", "a blue fence", "spicy ramen", "the museum", "a garden shed", "the train schedule", "a birthday cake", "the hiking trail"];
const TAILS = ["yesterday", "last week", "on Saturday", "after work", "with some friends", "in the rain", "for the first time", "again"];

function sentence(next: () => number): string {
  const pick = (words: readonly string[]) => words[Math.floor(next() * words.length)]!;
  return `${pick(SUBJECTS)} ${pick(VERBS)} ${pick(OBJECTS)} ${pick(TAILS)}.`;
}

/** Prose of `bytes` characters (ASCII, so bytes), sentences in paragraphs of about ten. */
export function prose(bytes: number, seed = 1): string {
  const next = prng(seed);
  const parts: string[] = [];
  let length = 0;
  for (let index = 0; length < bytes; index += 1) {
    const part = index % 10 === 9 ? `${sentence(next)}\n\n` : `${sentence(next)} `;
    parts.push(part);
    length += part.length;
  }
  return parts.join("").slice(0, bytes);
}

/** A conversation of `count` turns between a user and an assistant, a day per 100 turns, a minute apart. */
export function conversation(count: number, seed = 2): { role: string; content: string; created_at: string }[] {
  const next = prng(seed);
  const start = Date.UTC(2024, 0, 1, 9);
  return Array.from({ length: count }, (_, index) => ({
    role: index % 2 === 0 ? "user" : "assistant",
    content: `${sentence(next)} ${sentence(next)}`,
    created_at: new Date(start + Math.floor(index / 100) * 86_400_000 + (index % 100) * 60_000).toISOString(),
  }));
}
