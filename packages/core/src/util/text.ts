import { stemmer } from "stemmer";

// A compact English stop list: function words that carry no topic.
const STOPWORDS = new Set(
  ("a about above after again against all am an and any are as at be because been before being below between both but by " +
    "can could did do does doing down during each few for from further had has have having he her here hers herself him " +
    "himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other " +
    "our ours ourselves out over own same she should so some such than that the their theirs them themselves then there " +
    "these they this those through to too under until up very was we were what when where which while who whom why will " +
    "with would you your yours yourself yourselves i'm i've i'd i'll you're you've it's that's what's don't didn't can't " +
    "im ive id ill youre thats whats dont didnt cant also really yeah yes oh wow hey hi hello thanks thank ok okay lol " +
    "s t re ve ll d m")
    .split(/\s+/),
);

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/** Lower-cased words, apostrophes normalised. */
export function words(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []).map((word) => word.replace(/’/g, "'"));
}

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

// Text repeats its words (Zipf): stemming each distinct word once was a tenth of a bulk import's time. Bounded by
// dropping everything at the cap, which a long-running process with an open vocabulary reaches rarely.
const STEMS_CAP = 100_000;
const stems = new Map<string, string>();

function stem(word: string): string {
  let stemmed = stems.get(word);
  if (stemmed === undefined) {
    if (stems.size >= STEMS_CAP) stems.clear();
    stemmed = stemmer(word.replace(/'s$/, ""));
    stems.set(word, stemmed);
  }
  return stemmed;
}

/** Stemmed content words: the terms both offline search paths match on. */
export function contentTerms(text: string): string[] {
  return words(text)
    .filter((word) => !STOPWORDS.has(word))
    .map(stem);
}

/** Whitespace collapsed, trimmed: the form content hashes are computed on. */
export function normalizeWhitespace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
