import { sentences } from "./sentences.js";

// Openers that announce another topic: what follows is a separate fact ("… last week. Also, I'm vegetarian").
const TOPIC_SHIFT = String.raw`(?:also|by the way|btw|oh and|oh, and|and also|plus|besides|anyway|anyways|on another note)`;
// "…, and by the way…"; "…next month, and I usually train…": a clause with its own first-person subject.
const SHIFT_INSIDE = new RegExp(String.raw`[,;:–—-]\s+(?=${TOPIC_SHIFT}\b)|,\s+and\s+(?=I(?:'m|’m|'ve|’ve)?\s)`, "giu");
// A first-person clause: "I …", "I'm …", "I've …". Only a clause that opens this way is split at "and I …" below.
const FIRST_PERSON = String.raw`I(?:'m|’m|'ve|’ve|'d|’d|'ll|’ll)?\s`;
// "I'm vegetarian and I can't stand coriander": two clauses, each with its own "I" and verb, are two facts. A part
// that does not open with "I" keeps its "and I" ("My sister and I went hiking": one subject, one fact).
const CLAUSE_START = new RegExp(`^${FIRST_PERSON}`, "u");
const AND_I = new RegExp(String.raw`\s+and\s+(?=${FIRST_PERSON})`, "u");
// …but not where the "I" after "and" is part of the first clause: "I think you and I should…", "I told Anna and I…".
const NOT_A_CLAUSE_END = /\b(?:think|thought|believe|guess|hope|know|knew|feel|felt|reckon|suppose|wish|mean|say|said|tell|told|hear|heard|see|saw|bet|sure|glad|that|whether|if|when|because|while|you|him|her|them|us|me)\b/iu;
// Interjections and discourse markers that start a sentence but say nothing ("Oh,", "Well,", "Also,", "Haha!").
const OPENER = new RegExp(String.raw`^(?:(?:${TOPIC_SHIFT}|oh|ah|well|so|yeah|yes|yep|yup|wow|haha|hah|lol|hmm|ok|okay|and|but|actually|honestly)\b[,!.:—–-]*\s+)+`, "iu");

// Pleasantries that open a sentence before its fact ("Great, I'll order it then."): only with their punctuation.
const PLEASANTRY = /^(?:great|perfect|sure|cool|nice|awesome|sounds good|thanks|thank you)[,!.]+\s+/iu;

/**
 * The facts of a message, one per sentence, with sentences also split where a topic shift starts ("…, and by the
 * way…"), and their empty openers ("Also,", "Oh,") dropped: one memory per fact (see also `coordinatedClauses`).
 */
export function factSentences(text: string): string[] {
  return sentences(text)
    .flatMap((sentence) => sentence.text.split(SHIFT_INSIDE))
    .map((part) => capitalise(part.trim().replace(PLEASANTRY, "").replace(OPENER, "")))
    .filter((part) => part !== "")
    .map((part) => (/[.!?…"')\]]$/.test(part) ? part : `${part}.`));
}

/**
 * "I'm vegetarian and I can't stand coriander." → its two clauses, each a sentence; anything else as it is. Applied
 * to a fact sentence already judged informative: a short clause ("I'm vegetarian") is a fact as part of it.
 */
export function coordinatedClauses(sentence: string): string[] {
  if (!CLAUSE_START.test(sentence)) return [sentence];
  const match = AND_I.exec(sentence);
  if (match === null) return [sentence];
  const first = sentence.slice(0, match.index);
  if (NOT_A_CLAUSE_END.test(first)) return [sentence];
  return [`${first}.`, ...coordinatedClauses(sentence.slice(match.index + match[0].length))];
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
