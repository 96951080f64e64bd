// Rewrites a first-person sentence as a third-person memory about its speaker ("I love it" → "Caroline loves it").
import type { Group } from "./first-person-plural.js";

const NO_AGREEMENT = new Set(
  ("was were had did can could will would should might must may shall also just really still always never often usually " +
    "sometimes even totally actually finally recently ever already definitely absolutely honestly truly literally kinda " +
    "went saw made took got found felt knew thought told said came gave began ran wrote read met left brought bought " +
    "taught caught sold sent spent built lost won heard kept slept held stood understood became chose drew drove ate " +
    "fell flew forgot grew hid hung led lit paid put quit rode rang rose sang sat shot shut sank spoke stole struck swam " +
    "swore threw woke wore not").split(/\s+/),
);
const ADVERBS = new Set("also just really still always never often usually sometimes even totally actually finally recently ever already definitely absolutely honestly truly literally".split(" "));
const IRREGULAR: Record<string, string> = { am: "is", have: "has", do: "does", go: "goes", "'m": "is", "'ve": "has" };

function agree(verb: string): string {
  const lower = verb.toLowerCase();
  if (IRREGULAR[lower]) return IRREGULAR[lower];
  if (NO_AGREEMENT.has(lower) || /ed$/.test(lower) || !/^[a-z]+$/.test(lower)) return verb;
  if (/(s|sh|ch|x|z|o)$/.test(lower)) return `${verb}es`;
  if (/[^aeiou]y$/.test(lower)) return `${verb.slice(0, -1)}ies`;
  return `${verb}s`;
}

// "we are" said of a team: "Priya's team is".
const SINGULAR_OF_PLURAL: Record<string, string> = { are: "is", were: "was" };

/** "I really love" → "Caroline really loves": agreement for the verb after the subject, past adverbs. */
function subjectWithVerb(name: string, rest: string, plural = false): string {
  const tokens = rest.split(/(\s+)/);
  for (let i = 0; i < tokens.length; i += 2) {
    const word = tokens[i] ?? "";
    if (ADVERBS.has(word.toLowerCase()) || word.toLowerCase() === "both") continue;
    if (!plural && /^[a-z]+$/.test(word)) tokens[i] = SINGULAR_OF_PLURAL[word] ?? agree(word);
    break;
  }
  return `${name} ${tokens.join("")}`;
}

/** "we love our dog" → "Priya's family loves Priya's family's dog": the group the extractor chose for "we". */
function rewriteWe(text: string, group: Group): string {
  const [is, has] = group.plural ? ["are", "have"] : ["is", "has"];
  return text
    .replace(/\b(?:[Bb]oth of us|[Tt]he two of us)\b/g, group.name)
    .replace(/\b[Ww]e're\b/g, `${group.name} ${is}`)
    .replace(/\b[Ww]e've\b/g, `${group.name} ${has}`)
    .replace(/\b[Ww]e'd\b/g, `${group.name} would`)
    .replace(/\b[Ww]e'll\b/g, `${group.name} will`)
    .replace(/\b[Ww]e\s+((?:\w+\s+){0,2}\w+)/g, (_match, rest: string) => subjectWithVerb(group.name, rest, group.plural))
    .replace(/\b[Ww]e\b/g, group.name)
    .replace(/\b[Oo]ur\s+(team|family)\b/g, (phrase, noun: string) => (group.name.endsWith(`'s ${noun}`) ? group.name : `${group.possessive} ${noun}`))
    .replace(/\b[Oo]urs\b/g, group.possessive)
    .replace(/\b[Oo]ur\b/g, group.possessive)
    .replace(/\b[Oo]urselves\b/g, group.name)
    .replace(/\bus\b/g, group.name);
}

/**
 * `group` is who "we" stands for (see first-person-plural.ts); without it, first-person plural words stay as said.
 */
export function toThirdPerson(sentence: string, speaker: string, listener: string | undefined, group?: Group): string {
  let text = sentence.replace(/’/g, "'");
  if (group !== undefined) text = rewriteWe(text, group);
  text = text
    .replace(/\bI'm\b/g, `${speaker} is`)
    .replace(/\bI've\b/g, `${speaker} has`)
    .replace(/\bI'd\b/g, `${speaker} would`)
    .replace(/\bI'll\b/g, `${speaker} will`)
    .replace(/\bI\s+((?:\w+\s+)?\w+)/g, (_match, rest: string) => subjectWithVerb(speaker, rest))
    .replace(/\bI\b/g, speaker)
    .replace(/\b[Mm]y\b/g, `${speaker}'s`)
    .replace(/\b[Mm]ine\b/g, `${speaker}'s`)
    .replace(/\b[Mm]yself\b/g, speaker)
    .replace(/\bme\b(?!-)/g, speaker);
  if (listener !== undefined) {
    text = text
      .replace(/\b[Yy]ou're\b/g, `${listener} is`)
      .replace(/\b[Yy]ou've\b/g, `${listener} has`)
      .replace(/\b[Yy]our\b/g, `${listener}'s`)
      .replace(/\b[Yy]ours\b/g, `${listener}'s`)
      .replace(/\b[Yy]ou\b/g, listener);
  }
  return text;
}
