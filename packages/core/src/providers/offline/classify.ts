import type { CategoryDefinition } from "../../model/index.js";
import { contentTerms } from "../../util/text.js";

// Keyword rules for the built-in categories; stems, so "painting" and "paint" both hit.
const CATEGORY_KEYWORDS: Record<string, string> = {
  personal_info: "name age born live lives home identity transgender gay lesbian health moved country city hometown birthday grew",
  preferences: "love like favorite favourite prefer enjoy hate dislike fan taste vegetarian vegan allergic",
  relationships: "friend family kid kids child children son daughter husband wife partner mom mum dad mother father sister brother parent grandma grandpa boyfriend girlfriend pet dog cat married",
  activities: "paint painting hike hiking camp camping run running swim swimming class play game music concert guitar piano dance sport read book art pottery cook cooking garden photography violin",
  goals: "want plan planning hope goal dream aim aspire future career counseling adopt adoption wish decide",
  experiences: "went visit visited attended trip travel event experience happened festival parade conference race workshop",
  knowledge: "learn learned learning know research study studied fact book",
  opinions: "think believe feel opinion important value matter agree proud inspiring meaningful",
  habits: "usually always every daily routine often weekly morning habit",
  work_life: "work job career office colleague boss project business company school college studies student teacher internship",
};

const STEMMED_KEYWORDS = new Map(
  Object.entries(CATEGORY_KEYWORDS).map(([name, keywords]) => [name, new Set(contentTerms(keywords))]),
);

/** Category names whose keywords (built-in) or name and description words (user-made) the text shares. */
export function categoriesFor(text: string, categories: readonly CategoryDefinition[], fallback: string): string[] {
  const terms = new Set(contentTerms(text));
  const hits = categories
    .filter((category) => {
      const keywords = STEMMED_KEYWORDS.get(category.name) ?? new Set(contentTerms(`${category.name.replace(/_/g, " ")} ${category.description}`));
      for (const keyword of keywords) if (terms.has(keyword)) return true;
      return false;
    })
    .map((category) => category.name);
  return hits.length > 0 ? hits : [fallback];
}

const TYPE_RULES: ReadonlyArray<readonly [string, RegExp]> = [
  ["profile", /\b(I am|I'm) (a|an|from|\d+)\b|\bmy name\b|\bI live\b|\bI work as\b|\byears old\b|\bI identify\b/i],
  ["behavior", /\b(usually|always|every (day|week|morning|night|weekend)|often|tend to|routine|habit)\b/i],
  ["skill", /\b(I can\b(?!['’]t)|I know how|I'm good at|skilled|learned (how )?to)\b/i],
  ["tool", /\b(app|software|tool|device|using (an?|the) \w+)\b/i],
  ["event", /\b(went|visited|attended|yesterday|last (week|month|year|weekend|night)|ago|took|got|had|was|were|did|met|started|finished|joined)\b/i],
];

/** The memory type by rule, falling back to `knowledge` (or the first configured type). */
export function memoryTypeFor(text: string, dated: boolean, memoryTypes: readonly string[]): string {
  if (dated && memoryTypes.includes("event")) return "event";
  for (const [type, rule] of TYPE_RULES) {
    if (memoryTypes.includes(type) && rule.test(text)) return type;
  }
  return memoryTypes.includes("knowledge") ? "knowledge" : memoryTypes[0]!;
}
