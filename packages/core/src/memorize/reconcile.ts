import { z } from "zod";
import { scopeKey, type Item, type Scope, type Source } from "../model/index.js";
import type { ModelSession } from "../models/model-session.js";
import type { Prompts } from "../models/prompts.js";
import { readScope, type Engine } from "../engine/engine.js";
import { itemHash } from "./item-hash.js";

export interface ProposedItem {
  readonly item: Item;
  readonly vector: readonly number[];
  /** The source passage the memory comes from, for keyword search (see ChangeSet.upsertItems). */
  readonly context: string;
}

export interface Reconciled {
  /** Items to create. */
  readonly created: ProposedItem[];
  /** Stored items rewritten: updated in place, or marked superseded (the caller embeds them again). */
  readonly changed: Item[];
  readonly reinforce: { itemId: string; source: Source; at: string }[];
  /** Version links: stored item `itemId` superseded by the created item `byItemId`. */
  readonly supersede: { itemId: string; byItemId: string }[];
  /** Category names whose membership or member text changed. */
  readonly touched: string[];
}

const CANDIDATES = 3;

/**
 * Exact duplicates (same type and text) reinforce what is stored, without a model. With a model, near duplicates
 * (vector similarity at least `similarity`, same exact scope) go to one batched decision call: add, reinforce,
 * update in place, or supersede (the old item is kept, linked, and leaves default results).
 */
export async function reconcile(
  engine: Engine,
  session: ModelSession,
  scope: Scope,
  proposed: readonly ProposedItem[],
  options: { prompts: Prompts; similarity: number; now: string },
): Promise<Reconciled> {
  const { now } = options;
  const result: Reconciled = { created: [], changed: [], reinforce: [], supersede: [], touched: [] };
  const stored = new Map((await engine.store.findItemsByHash(scope, proposed.map(({ item }) => item.contentHash))).map((item) => [item.contentHash, item]));
  const fresh = new Map<string, ProposedItem>();
  for (const entry of proposed) {
    const source = entry.item.sources[0]!;
    const known = stored.get(entry.item.contentHash);
    const pending = fresh.get(entry.item.contentHash);
    if (known !== undefined) result.reinforce.push({ itemId: known.id, source, at: now });
    else if (pending !== undefined) {
      const item = pending.item;
      fresh.set(item.contentHash, { ...pending, item: { ...item, reinforcementCount: item.reinforcementCount + 1, lastReinforcedAt: now, sources: [...item.sources, source] } });
    } else fresh.set(entry.item.contentHash, entry);
  }
  const candidates = [...fresh.values()];
  const neighbours = session.hasChat("reconcile") ? await nearDuplicates(engine, scope, candidates, options.similarity) : [];
  const decided = neighbours.some((list) => list.length > 0) ? await decide(session, candidates, neighbours, options.prompts) : [];

  const used = new Set<string>();
  candidates.forEach((entry, index) => {
    const decision = decided.find((candidate) => candidate.memory === index);
    const target = decision?.target == null ? undefined : neighbours[index]!.find((item) => item.id === decision.target);
    if (decision === undefined || decision.action === "add" || target === undefined || used.has(target.id)) {
      result.created.push(entry);
      result.touched.push(...entry.item.categories);
      return;
    }
    used.add(target.id);
    const source = entry.item.sources[0]!;
    result.touched.push(...target.categories, ...entry.item.categories);
    if (decision.action === "reinforce") {
      result.reinforce.push({ itemId: target.id, source, at: now });
    } else if (decision.action === "update") {
      const summary = decision.summary ?? entry.item.summary;
      const item: Item = {
        ...target,
        summary,
        contentHash: itemHash(target.type, summary),
        happenedAt: entry.item.happenedAt ?? target.happenedAt,
        reinforcementCount: target.reinforcementCount + 1,
        lastReinforcedAt: now,
        sources: [...target.sources, source],
        categories: [...new Set([...target.categories, ...entry.item.categories])],
        updatedAt: now,
      };
      result.changed.push(item);
    } else {
      result.created.push({ ...entry, item: { ...entry.item, metadata: { ...entry.item.metadata, supersedes: target.id } } });
      result.changed.push({ ...target, status: "superseded", metadata: { ...target.metadata, supersededBy: entry.item.id }, updatedAt: now });
      result.supersede.push({ itemId: target.id, byItemId: entry.item.id });
    }
  });
  return result;
}

/** For each candidate, the stored active items of the exact scope whose vectors are at least `similarity` away. */
async function nearDuplicates(engine: Engine, scope: Scope, candidates: readonly ProposedItem[], similarity: number): Promise<Item[][]> {
  const key = scopeKey(scope);
  return Promise.all(
    candidates.map(async ({ vector }) => {
      const hits = (await engine.store.vectorSearch("item", readScope(scope), vector, CANDIDATES)).filter((hit) => hit.score >= similarity);
      const items = await engine.store.getItems(readScope(scope), hits.map((hit) => hit.id));
      return items.filter((item) => scopeKey(item.scope) === key && item.status === "active");
    }),
  );
}

/**
 * The decisions for the numbered new memories: `memory` is one of the numbers asked about and `target` one of the
 * stored ids shown (null for add); that the target belongs to that memory is checked after parsing.
 */
export function decisionsSchema(asked: readonly [number, ...number[]], neighbours: readonly Item[][]) {
  const storedIds = [...new Set(asked.flatMap((index) => neighbours[index]!.map((item) => item.id)))] as [string, ...string[]];
  return z.object({
    decisions: z.array(
      z
        .object({
          memory: z.literal(asked),
          action: z.enum(["add", "reinforce", "update", "supersede"]),
          target: z.enum(storedIds).nullable(),
          summary: z.string().trim().min(1).nullable(),
        })
        .refine((decision) => decision.action === "add" || neighbours[decision.memory]?.some((item) => item.id === decision.target), {
          message: "target must be the id of one of that memory's stored candidates",
          path: ["target"],
        }),
    ),
  });
}

async function decide(session: ModelSession, candidates: readonly ProposedItem[], neighbours: readonly Item[][], prompts: Prompts) {
  const asked = candidates.flatMap((entry, index) => (neighbours[index]!.length === 0 ? [] : [index])) as [number, ...number[]];
  const user = asked
    .map((index) => [`New memory ${index}: ${candidates[index]!.item.summary}`, ...neighbours[index]!.map((item) => `  stored [${item.id}] ${item.summary}`)].join("\n"))
    .join("\n\n");
  return (await session.object("reconcile", { system: prompts.reconcile, user, schema: decisionsSchema(asked, neighbours), schemaName: "decisions" })).decisions;
}
