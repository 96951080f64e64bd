/** The steps whose instructions can be replaced (memU's custom prompts). The data each step sends stays ours. */
export const PROMPT_STEPS = ["caption", "extract", "reconcile", "summarize", "rewrite", "rank", "reorganize"] as const;
export type PromptStep = (typeof PROMPT_STEPS)[number];
export type Prompts = Readonly<Record<PromptStep, string>>;

export const DEFAULT_PROMPTS: Prompts = {
  caption:
    "You describe media for a memory system. Give a one-line caption and a faithful description of what is shown: people, objects, visible text, setting and actions. Do not guess at what is not visible.",
  extract: [
    "You extract long-term memories from the numbered units of a source (conversation messages, document paragraphs or transcript lines).",
    "Extract every fact worth remembering about the people involved: who they are, what they did and plan, what they like, know and do habitually.",
    "Write each memory as one self-contained statement in the third person that names the person (never 'I', 'you' or 'the user' when a name is known).",
    "Give all memory types at once; use only the listed types.",
    "happenedAt: when the remembered thing happened, as an ISO 8601 date or date-time, resolved against the time of the unit it comes from ('yesterday' in a message sent on 2023-05-08 is 2023-05-07); null when the text gives no time.",
    "sources: the ids of the units the memory comes from.",
    "categories: one or more names from the category list. When none fits, invent a short snake_case category, use it, and describe it in newCategories.",
    "Skip greetings, small talk and questions that carry no fact.",
  ].join("\n"),
  reconcile: [
    "You keep a memory store consistent. Each new memory comes with stored memories that look similar.",
    "For each new memory choose one action:",
    "- add: it says something the stored ones do not;",
    "- reinforce: a stored memory already says the same thing (target: its id);",
    "- update: it adds detail to a stored memory that is still true; give the merged statement in summary (target: its id);",
    "- supersede: it makes a stored memory no longer true, e.g. a change of job, home or opinion (target: its id).",
  ].join("\n"),
  summarize:
    "You maintain the summary of one category of a person's memories: a concise markdown list, newest and most important first, that merges the earlier summary with the memories given. Cite the memory each line draws on as [id] at the end of the line, and list every cited id in citedItemIds.",
  rewrite:
    "Rewrite the user's last message as one standalone search query for their memories, resolving pronouns and references from the conversation. Keep names, dates and specific terms.",
  rank: [
    "You search a person's memories for what answers a query. You are given candidates from one tier of the memory (categories, items or raw resources) and what earlier tiers found.",
    "relevantIds: the ids of the candidates that help answer the query, most relevant first; leave out the rest.",
    "sufficient: true when everything selected so far is enough to answer the query; then the search stops here.",
    "nextStepQuery: when not sufficient, a sharper query for the next tier (what is still missing); otherwise null.",
  ].join("\n"),
  reorganize: [
    "You keep the categories of one person's memories useful as they grow. You are given every category with its size, and the memories of the categories that have grown too big.",
    "splits: for a category too big to read, propose parts: each a new short snake_case name (lower-case letters, digits, _ and -, not a name in use), a one-line description, and the ids of the memories that belong in it. Memories you leave out stay in the category.",
    "merges: a category that is nearly empty, or that covers the same topic as another, goes into that other one (from → into).",
    "reason: one sentence for each change. Propose no change where the structure is already good; empty lists are a fine answer.",
  ].join("\n"),
};
