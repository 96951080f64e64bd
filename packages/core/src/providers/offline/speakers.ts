import type { Conversation } from "../../formats/conversation.js";

// Speakers named after their role by the message formats (see formats/conversation.ts): the user is renamed once
// the conversation (or the caller) says who they are.
const USER_LABEL = "User";

// "I'm Dutch", "I'm Catholic": capitalised words after "I'm" that are not names.
const NOT_NAMES = new Set(
  ("american british english dutch french german italian spanish portuguese irish scottish welsh swiss swedish danish " +
    "norwegian finnish polish greek turkish russian ukrainian indian chinese japanese korean thai vietnamese filipino " +
    "mexican brazilian canadian australian african european asian latina latino jewish muslim christian catholic " +
    "buddhist hindu vegan vegetarian sorry fine good ok okay not so just back here home new done glad happy from the " +
    "a an in at on really very").split(/\s+/),
);

const NAME = String.raw`(\p{Lu}[\p{L}'’-]*(?:\s\p{Lu}[\p{L}'’-]*)?)`;
// "my name is Priya", "call me Priya": the name is said outright.
const STRONG = new RegExp(String.raw`\b(?:my name is|my name's|call me|I go by)\s+${NAME}`, "iu");
// "Hi! I'm Priya, I work as…": a self-introduction only when the name ends the clause.
const WEAK = new RegExp(String.raw`(?:^|[.!?,;]\s*|\b(?:hi|hey|hello)\W+)(?:I'm|I’m|I am|this is)\s+${NAME}(?=\s*(?:[,.!;:)—–-]|$|\s+(?:and|from|here)\b))`, "iu");

/** The name a speaker gives for themselves in `text`, or null. */
export function introducedName(text: string): string | null {
  for (const pattern of [STRONG, WEAK]) {
    const match = pattern.exec(text);
    const name = match?.[1]?.replace(/[’']s$/, "");
    // Both match case-insensitively ("My name is"); the name itself must still be capitalised.
    if (name !== undefined && /^\p{Lu}/u.test(name) && !name.split(/\s/).some((word) => NOT_NAMES.has(word.toLowerCase()))) return name;
  }
  return null;
}

export interface SpeakerNames {
  /** The name memories use for each speaker of the conversation. */
  readonly names: ReadonlyMap<string, string>;
  /** The user's name, when learned from what they said (not given by the caller or the format). */
  readonly learned: { readonly name: string; readonly messageId: string } | null;
}

/**
 * Names every speaker: the `User` role becomes the caller's `userName`, else the name the user introduces
 * themselves with; named speakers (LoCoMo, transcripts, `name` fields) keep their names.
 */
export function speakerNames(conversation: Conversation, userName: string | undefined): SpeakerNames {
  const names = new Map(conversation.participants.map((speaker) => [speaker, speaker]));
  if (!names.has(USER_LABEL)) return { names, learned: null };
  if (userName !== undefined) return { names: names.set(USER_LABEL, userName), learned: null };
  for (const message of conversation.messages) {
    if (message.speaker !== USER_LABEL) continue;
    const name = introducedName(message.text);
    if (name !== null) return { names: names.set(USER_LABEL, name), learned: { name, messageId: message.id } };
  }
  return { names, learned: null };
}
