// Who "we" is in a sentence, so "our pipelines" becomes "Priya's team's pipelines" and "we both love" names both.

/** The group a speaker's "we" stands for, in the forms a sentence needs. */
export interface Group {
  /** "Priya's team", "Caroline and Melanie". */
  readonly name: string;
  /** Whether the name takes a plural verb ("Caroline and Melanie are") or a singular one ("Priya's team is"). */
  readonly plural: boolean;
  /** What "our" becomes: "Priya's team's", "Caroline and Melanie's". */
  readonly possessive: string;
}

const WORK = /\b(team|teams|pipelines?|company|startup|office|project|product|release|deploy\w*|code|codebase|clients?|customers?|sprint|migrat\w+|colleagues?|work|job|meeting|service|stack|database|servers?|launch\w*|ship\w*|business|firm|lab|department|manager|boss|quarter|roadmap|hired?|hiring)\b/i;
const FAMILY = /\b(kids?|children|son|daughter|husband|wife|family|house|home|dogs?|cats?|pets?|vacation|holiday|road trip|camping|dinner|garden|parents|baby|wedding|anniversary)\b/i;
const BOTH = /\b(we both|both of us|the two of us|we two)\b/i;
const PARTNER = /\bmy (husband|wife|partner|boyfriend|girlfriend|fianc[ée]e?)\b/i;

/** The partner a speaker has mentioned ("my wife") in earlier messages, if any. */
export function mentionedPartner(text: string): string | null {
  return PARTNER.exec(text)?.[1]?.toLowerCase() ?? null;
}

/**
 * The group behind "we" in `sentence`: both people ("we both": the speaker's partner when they mentioned one, else
 * the other person of a two-person conversation), the speaker's team (work words) or family (home words); else the
 * speaker and others.
 */
export function groupOf(sentence: string, speaker: string, partner: string | null, other: string | undefined): Group {
  if (BOTH.test(sentence)) {
    const second = partner !== null ? `${speaker}'s ${partner}` : (other ?? "another person");
    return { name: `${speaker} and ${second}`, plural: true, possessive: `${speaker} and ${second}'s` };
  }
  if (WORK.test(sentence)) return { name: `${speaker}'s team`, plural: false, possessive: `${speaker}'s team's` };
  if (FAMILY.test(sentence)) return { name: `${speaker}'s family`, plural: false, possessive: `${speaker}'s family's` };
  return { name: `${speaker} and others`, plural: true, possessive: `${speaker}'s` };
}
