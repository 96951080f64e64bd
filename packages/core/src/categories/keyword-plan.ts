import { stemmer } from "stemmer";
import { isStopword, words } from "../util/text.js";
import { CATEGORY_NAME, type CategorySnapshot, type MergeStep, type PlanStep, type SplitStep } from "./plan.js";

export interface ReorganizeThresholds {
  /** A category with more active items than this is split. */
  readonly splitAbove: number;
  /** A category with at most this many active items is merged into the one most like it. */
  readonly mergeAtMost: number;
  /** Two categories sharing at least this share of their items (Jaccard) are merged. */
  readonly overlap: number;
  /** Two categories whose keyword profiles have at least this cosine similarity are merged. */
  readonly similarity: number;
  /** The most parts one split makes. */
  readonly maxParts: number;
}

/** A member's keyword terms: stems of its content words, each once, with the word each stem was seen as. */
interface Terms {
  readonly stems: ReadonlySet<string>;
  readonly surfaces: ReadonlyMap<string, string>;
}

function termsOf(text: string): Terms {
  const surfaces = new Map<string, string>();
  for (const word of words(text)) {
    // Part names are built from these words, so only plain ASCII words of three letters or more qualify.
    if (isStopword(word) || !/^[a-z][a-z0-9]{2,}$/.test(word)) continue;
    const stem = stemmer(word);
    if (!surfaces.has(stem) || word.length < surfaces.get(stem)!.length) surfaces.set(stem, word);
  }
  return { stems: new Set(surfaces.keys()), surfaces };
}

const byScoreThenName = <T extends { score: number; name: string }>(a: T, b: T) => b.score - a.score || a.name.localeCompare(b.name);

/** How many of `docs` hold each stem. */
function documentFrequency(docs: readonly Terms[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const doc of docs) for (const stem of doc.stems) df.set(stem, (df.get(stem) ?? 0) + 1);
  return df;
}

function cosine(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let dot = 0;
  for (const [key, value] of a) dot += value * (b.get(key) ?? 0);
  const norm = (vector: ReadonlyMap<string, number>) => Math.sqrt([...vector.values()].reduce((sum, value) => sum + value * value, 0));
  const denominator = norm(a) * norm(b);
  return denominator === 0 ? 0 : dot / denominator;
}

/**
 * Splits a big category by its distinguishing keywords, greedily: the stem held by the most remaining items
 * (weighted by its rarity in the whole scope, BM25's idf) becomes a part with every remaining item that holds it,
 * until `maxParts` parts or no stem holds enough items. Stems of the category's own name, and stems held by more than
 * half its items, say nothing new and are passed over. Deterministic: ties go to the stem first in alphabetical order.
 */
function splitStep(category: CategorySnapshot, scopeDf: ReadonlyMap<string, number>, scopeSize: number, thresholds: ReadonlyThresholds): SplitStep | null {
  const active = category.members.filter((member) => member.active).map((member) => ({ id: member.id, terms: termsOf(member.summary) }));
  const minPart = Math.max(3, Math.ceil(active.length * 0.1));
  const own = termsOf(`${category.name.replace(/[_-]/g, " ")} ${category.description}`).stems;
  const common = documentFrequency(active.map((doc) => doc.terms));
  let remaining = active;
  const parts: { seed: string; docs: typeof active }[] = [];
  while (parts.length < thresholds.maxParts) {
    const df = documentFrequency(remaining.map((doc) => doc.terms));
    const [best] = [...df]
      .filter(([stem, count]) => count >= minPart && common.get(stem)! <= active.length / 2 && !own.has(stem) && !parts.some((part) => part.seed === stem))
      .map(([stem, count]) => ({ name: stem, score: count * Math.log(1 + scopeSize / (scopeDf.get(stem) ?? 1)) }))
      .sort(byScoreThenName);
    if (best === undefined) break;
    parts.push({ seed: best.name, docs: remaining.filter((doc) => doc.terms.stems.has(best.name)) });
    remaining = remaining.filter((doc) => !doc.terms.stems.has(best.name));
  }
  if (parts.length === 0 || (parts.length === 1 && remaining.length < minPart)) return null;
  const surface = (stem: string, docs: typeof active) => docs.find((doc) => doc.terms.surfaces.has(stem))!.terms.surfaces.get(stem)!;
  return {
    kind: "split",
    category: category.name,
    parts: parts.map(({ seed, docs }) => {
      const related = [...documentFrequency(docs.map((doc) => doc.terms))]
        .filter(([stem]) => stem !== seed && !own.has(stem))
        .map(([stem, count]) => ({ name: stem, score: count }))
        .sort(byScoreThenName)
        .slice(0, 3)
        .map((term) => surface(term.name, docs));
      const word = surface(seed, docs);
      return {
        name: `${category.name}-${word}`.slice(0, 64).replace(/[-_]+$/, ""),
        description: `${category.description || category.name.replace(/[_-]/g, " ")}: ${[word, ...related].join(", ")}`,
        itemIds: docs.map((doc) => doc.id),
      };
    }),
    reason: `${active.length} active items, more than ${thresholds.splitAbove}: grouped by the keywords ${parts.map(({ seed, docs }) => `"${surface(seed, docs)}" (${docs.length})`).join(", ")}${remaining.length > 0 ? `; ${remaining.length} items without them stay` : ""}`,
  };
}

type ReadonlyThresholds = Readonly<ReorganizeThresholds>;

/**
 * The offline plan, no model: big categories split by keyword clustering; then near-empty categories merged into the
 * category whose keyword profile is closest, and pairs that share most items or most keywords merged, the smaller into
 * the larger. A part is never merged back into the category it was split from.
 */
export function keywordPlan(categories: readonly CategorySnapshot[], thresholds: ReorganizeThresholds): PlanStep[] {
  const allActive = new Map<string, Terms>();
  for (const category of categories) for (const member of category.members) if (member.active && !allActive.has(member.id)) allActive.set(member.id, termsOf(member.summary));
  const scopeDf = documentFrequency([...allActive.values()]);
  const steps: PlanStep[] = [];
  const busy = new Set<string>();
  for (const category of [...categories].sort((a, b) => a.name.localeCompare(b.name))) {
    if (category.members.filter((member) => member.active).length <= thresholds.splitAbove) continue;
    const split = splitStep(category, scopeDf, allActive.size, thresholds);
    if (split === null || split.parts.some((part) => !CATEGORY_NAME.test(part.name) || categories.some((other) => other.name === part.name))) continue;
    steps.push(split);
    busy.add(category.name);
  }

  const free = categories.filter((category) => !busy.has(category.name));
  const activeCount = (category: CategorySnapshot) => category.members.filter((member) => member.active).length;
  const profile = (category: CategorySnapshot) => {
    const df = documentFrequency(category.members.filter((member) => member.active).map((member) => allActive.get(member.id)!));
    for (const stem of termsOf(`${category.name.replace(/[_-]/g, " ")} ${category.description}`).stems) df.set(stem, (df.get(stem) ?? 0) + 1);
    return df;
  };
  const profiles = new Map(free.map((category) => [category.name, profile(category)]));
  const related = (a: string, b: string) => a.startsWith(`${b}-`) || b.startsWith(`${a}-`);
  const merge = (from: CategorySnapshot, into: CategorySnapshot, reason: string): MergeStep => {
    busy.add(from.name).add(into.name);
    return { kind: "merge", from: from.name, into: into.name, reason };
  };

  const small = free.filter((category) => activeCount(category) <= thresholds.mergeAtMost).sort((a, b) => a.name.localeCompare(b.name));
  for (const category of small) {
    if (busy.has(category.name)) continue;
    const [best] = free
      .filter((other) => other !== category && !busy.has(other.name) && activeCount(other) > thresholds.mergeAtMost && !related(category.name, other.name))
      .map((other) => ({ other, name: other.name, score: cosine(profiles.get(category.name)!, profiles.get(other.name)!) }))
      .filter((candidate) => candidate.score > 0)
      .sort(byScoreThenName);
    if (best !== undefined) steps.push(merge(category, best.other, `${activeCount(category)} active items, at most ${thresholds.mergeAtMost}: merged into the category with the closest keywords (cosine ${best.score.toFixed(2)})`));
  }

  const pairs: { a: CategorySnapshot; b: CategorySnapshot; name: string; score: number; why: string }[] = [];
  for (const [index, a] of free.entries()) {
    for (const b of free.slice(index + 1)) {
      if (related(a.name, b.name)) continue;
      const ids = new Set(a.members.map((member) => member.id));
      const shared = b.members.filter((member) => ids.has(member.id)).length;
      const union = ids.size + b.members.length - shared;
      const jaccard = union === 0 ? 0 : shared / union;
      const similarity = cosine(profiles.get(a.name)!, profiles.get(b.name)!);
      const why = jaccard >= thresholds.overlap ? `share ${shared} of ${union} items (${jaccard.toFixed(2)} ≥ ${thresholds.overlap})`
        : similarity >= thresholds.similarity ? `keyword profiles alike (cosine ${similarity.toFixed(2)} ≥ ${thresholds.similarity})` : null;
      if (why !== null) pairs.push({ a, b, name: `${a.name} ${b.name}`, score: Math.max(jaccard, similarity), why });
    }
  }
  for (const { a, b, why } of pairs.sort(byScoreThenName)) {
    if (busy.has(a.name) || busy.has(b.name)) continue;
    const [from, into] = activeCount(a) > activeCount(b) || (activeCount(a) === activeCount(b) && a.name < b.name) ? [b, a] : [a, b];
    steps.push(merge(from, into, `${from.name} and ${into.name} ${why}: the smaller merged into the larger`));
  }
  return steps;
}
