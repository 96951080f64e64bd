import { describe, expect, it } from "vitest";
import { keywordPlan, type ReorganizeThresholds } from "./keyword-plan.js";
import { applyPlan, type CategorySnapshot } from "./plan.js";

const THRESHOLDS: ReorganizeThresholds = { splitAbove: 6, mergeAtMost: 1, overlap: 0.5, similarity: 0.8, maxParts: 4 };
const member = (id: string, summary: string, active = true) => ({ id, summary, active });
const category = (name: string, members: CategorySnapshot["members"], description = ""): CategorySnapshot => ({ name, description, members });

const FOOD = category("food", [
  member("f1", "Likes spicy ramen with garlic."),
  member("f2", "Orders ramen every Friday."),
  member("f3", "Cooks ramen broth from scratch."),
  member("f4", "Bakes sourdough bread at weekends."),
  member("f5", "Keeps a sourdough starter called Bob."),
  member("f6", "Gives sourdough loaves to neighbours."),
  member("f7", "Dislikes olives."),
]);

describe("keyword clustering of categories", () => {
  it("splits a big category by its most distinguishing keywords, naming the parts after them", () => {
    const [split] = keywordPlan([FOOD], THRESHOLDS);
    expect(split).toMatchObject({
      kind: "split",
      category: "food",
      parts: [
        { name: "food-ramen", itemIds: ["f1", "f2", "f3"] },
        { name: "food-sourdough", itemIds: ["f4", "f5", "f6"] },
      ],
    });
    expect(split!.reason).toContain('"ramen" (3), "sourdough" (3); 1 items without them stay');
  });

  it("plans the same whatever order the categories and members come in", () => {
    const other = category("travel", [member("t1", "Visited Lisbon in May."), member("t2", "Plans a trip to Porto.")]);
    const shuffled = [other, { ...FOOD, members: [...FOOD.members].reverse() }];
    const plan = keywordPlan([FOOD, other], THRESHOLDS);
    const again = keywordPlan(shuffled, THRESHOLDS);
    expect(again.map((step) => (step.kind === "split" ? step.parts.map((part) => [part.name, [...part.itemIds].sort()]) : step))).toEqual(
      plan.map((step) => (step.kind === "split" ? step.parts.map((part) => [part.name, [...part.itemIds].sort()]) : step)),
    );
  });

  it("leaves a big category whole when no keyword groups enough of it", () => {
    const mixed = category("misc", ["Owns a red bike.", "Speaks Greek.", "Was born in June.", "Hates queues.", "Reads poetry.", "Drinks green tea.", "Collects stamps."].map((text, index) => member(`m${index}`, text)));
    expect(keywordPlan([mixed], THRESHOLDS)).toEqual([]);
  });

  it("merges categories that share most items, the smaller into the larger, and keeps a near-empty one without kin", () => {
    const sport = category("sport", [member("a", "Runs marathons."), member("b", "Swims daily."), member("c", "Plays squash.")]);
    const fitness = category("fitness", [member("a", "Runs marathons."), member("b", "Swims daily.")]);
    const lonely = category("astronomy", [member("z", "Owns a telescope.")]);
    expect(keywordPlan([sport, fitness, lonely], THRESHOLDS)).toEqual([{ kind: "merge", from: "fitness", into: "sport", reason: expect.stringContaining("share 2 of 3 items") }]);
  });

  it("never merges a part back into the category it was split from", () => {
    const parent = category("food", [member("x", "Eats ramen.")]);
    const part = category("food-ramen", [member("y", "Eats ramen at noon."), member("w", "Eats ramen at night.")]);
    expect(keywordPlan([parent, part], THRESHOLDS)).toEqual([]);
  });
});

describe("applying a plan", () => {
  const items = new Map([["a", ["sport", "fitness"]], ["b", ["fitness"]], ["c", ["sport"]]]);
  const sport = category("sport", [member("a", "Runs."), member("c", "Squash.")]);
  const fitness = category("fitness", [member("a", "Runs."), member("b", "Swims.")]);

  it("moves items from category to category only: an item in both keeps one link, none is left without", () => {
    const plan = applyPlan([sport, fitness], [{ kind: "merge", from: "fitness", into: "sport", reason: "overlap" }], items);
    expect(Object.fromEntries(plan.memberships)).toEqual({ a: ["sport"], b: ["sport"] });
    expect(plan).toMatchObject({ removed: ["fitness"], rewritten: ["sport"], created: [] });
    expect(plan.changes[0]!.moves).toEqual([{ itemId: "a", from: "fitness", to: "sport" }, { itemId: "b", from: "fitness", to: "sport" }]);
  });

  it("skips, with the reason, steps the scope cannot take", () => {
    const plan = applyPlan([sport, fitness], [
      { kind: "merge", from: "sport", into: "sport", reason: "" },
      { kind: "merge", from: "chess", into: "sport", reason: "" },
      { kind: "split", category: "sport", parts: [{ name: "fitness", description: "", itemIds: ["a"] }], reason: "" },
      { kind: "split", category: "sport", parts: [{ name: "Bad Name", description: "", itemIds: ["a"] }], reason: "" },
      { kind: "split", category: "sport", parts: [{ name: "racket", description: "", itemIds: ["b"] }], reason: "" },
      { kind: "split", category: "sport", parts: [{ name: "all", description: "", itemIds: ["a", "c"] }], reason: "" },
      { kind: "split", category: "sport", parts: [{ name: "running", description: "", itemIds: ["a"] }], reason: "" },
      { kind: "merge", from: "fitness", into: "sport", reason: "" },
    ], items);
    expect(plan.skipped.map((entry) => entry.why)).toEqual([
      "merges a category into itself",
      "names a category the scope lacks",
      "names a part after a category that exists",
      "names a part outside lower-case letters, digits, _ and -",
      "moves no item of the category",
      "only renames the category",
      "touches a category another step changes",
    ]);
    expect(plan.changes.map((change) => change.to)).toEqual([["sport", "running"]]);
    expect(Object.fromEntries(plan.memberships)).toEqual({ a: ["fitness", "running"] });
  });
});
