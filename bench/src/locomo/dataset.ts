import { readFile, readdir } from "node:fs/promises";
import path from "node:path";

export interface Turn {
  readonly id: string;
  readonly speaker: string;
  /** The turn's text, with the caption of a shared image appended as the dataset gives it. */
  readonly text: string;
}

export interface Question {
  readonly question: string;
  /** The gold answer (text, a number or a list): only the QA harness's judge sees it. */
  readonly answer: unknown;
  readonly category: 1 | 2 | 3 | 4;
  readonly evidence: readonly string[];
}

export interface LocomoConversation {
  readonly name: string;
  readonly file: string;
  readonly turns: readonly Turn[];
  readonly questions: readonly Question[];
}

/** `D1:3; D2:4` and `D1:3,D2:4` both occur in the annotations. */
export function parseEvidence(evidence: readonly string[]): string[] {
  return [...new Set(evidence.flatMap((entry) => entry.split(/[;,]/)).map((entry) => entry.trim()).filter((entry) => /^D\d+:\d+$/.test(entry)))];
}

/** Reads every conversation of a folder in LoCoMo's per-conversation layout. Only the harness reads `qa`. */
export async function loadLocomo(dir: string): Promise<LocomoConversation[]> {
  const files = (await readdir(dir)).filter((file) => file.endsWith(".json")).sort();
  const conversations: LocomoConversation[] = [];
  for (const file of files) {
    const json = JSON.parse(await readFile(path.join(dir, file), "utf8")) as Record<string, unknown>;
    if (!("speaker_a" in json)) continue;
    const sessions = Object.keys(json).filter((key) => /^session_\d+$/.test(key)).sort((a, b) => Number(a.slice(8)) - Number(b.slice(8)));
    const turns = sessions.flatMap((key) =>
      (json[key] as { dia_id: string; speaker: string; text: string; blip_caption?: string }[]).map((turn) => ({
        id: turn.dia_id,
        speaker: turn.speaker,
        text: turn.blip_caption ? `${turn.text} [image: ${turn.blip_caption}]` : turn.text,
      })),
    );
    const questions = ((json.qa ?? []) as { question: string; answer?: unknown; category: number; evidence?: string[] }[])
      .filter((qa) => qa.category >= 1 && qa.category <= 4)
      .map((qa) => ({ question: qa.question, answer: qa.answer ?? "", category: qa.category as Question["category"], evidence: parseEvidence(qa.evidence ?? []) }))
      .filter((qa) => qa.evidence.length > 0);
    conversations.push({ name: path.basename(file, ".json"), file: path.join(dir, file), turns, questions });
  }
  return conversations;
}
