import { sentences } from "./sentences.js";

// Openers that announce another topic: what follows is a separate fact ("… last week. Also, I'm vegetarian").
const TOPIC_SHIFT = String.raw`(?:also|by the way|btw|oh and|oh, and|and also|plus|besides|anyway|anyways|on another note)`;
// "…, and by the way…"; "…next month, and I usually train…": a clause with its own first-person subject.
const SHIFT_INSIDE = new RegExp(String.raw`[,;:–—-]\s+(?=${TOPIC_SHIFT}\b)|,\s+and\s+(?=I(?:'m|’m|'ve|’ve)?\s)`, "giu");
// Interjections and discourse markers that start a sentence but say nothing ("Oh,", "Well,", "Also,", "Haha!").
const OPENER = new RegExp(String.raw`^(?:(?:${TOPIC_SHIFT}|oh|ah|well|so|yeah|yes|yep|yup|wow|haha|hah|lol|hmm|ok|okay|and|but|actually|honestly)\b[,!.:—–-]*\s+)+`, "iu");

// Pleasantries that open a sentence before its fact ("Great, I'll order it then."): only with their punctuation.
const PLEASANTRY = /^(?:great|perfect|sure|cool|nice|awesome|sounds good|thanks|thank you)[,!.]+\s+/iu;

/**
 * The facts of a message, one per sentence, with sentences also split where a topic shift starts ("…, and by the
 * way…"), and their empty openers ("Also,", "Oh,") dropped: one memory per fact.
 */
export function factSentences(text: string): string[] {
  return sentences(text)
    .flatMap((sentence) => sentence.text.split(SHIFT_INSIDE))
    .map((part) => capitalise(part.trim().replace(PLEASANTRY, "").replace(OPENER, "")))
    .filter((part) => part !== "")
    .map((part) => (/[.!?…"')\]]$/.test(part) ? part : `${part}.`));
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
