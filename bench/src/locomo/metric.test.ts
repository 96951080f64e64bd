import { describe, expect, it } from "vitest";
import { parseEvidence } from "./dataset.js";
import { evidenceRecallAtK, percentile, turnsWithinBudget } from "./metric.js";

describe("evidence recall on a budget of turns", () => {
  // Three results: the first came from two turns, the second repeats one of them, the third is new.
  const ranked = [["D1:1", "D1:2"], ["D1:2"], ["D2:5"], ["D3:1"]];

  it("collects distinct turns in rank order until the budget is spent", () => {
    expect(turnsWithinBudget(ranked, 2)).toEqual(["D1:1", "D1:2"]);
    expect(turnsWithinBudget(ranked, 3)).toEqual(["D1:1", "D1:2", "D2:5"]);
    expect(turnsWithinBudget(ranked, 10)).toEqual(["D1:1", "D1:2", "D2:5", "D3:1"]);
  });

  it("scores the share of evidence turns found (hand-computed)", () => {
    // Evidence D1:2 and D2:5: with k=2 only D1:2 is in → 1/2; with k=3 both → 1.
    expect(evidenceRecallAtK(ranked, ["D1:2", "D2:5"], 2)).toBe(0.5);
    expect(evidenceRecallAtK(ranked, ["D1:2", "D2:5"], 3)).toBe(1);
    // Evidence D3:1 and D9:9: one of two, once the budget reaches the fourth turn.
    expect(evidenceRecallAtK(ranked, ["D3:1", "D9:9"], 3)).toBe(0);
    expect(evidenceRecallAtK(ranked, ["D3:1", "D9:9"], 4)).toBe(0.5);
  });

  it("parses evidence lists written with ; or , and ignores junk", () => {
    expect(parseEvidence(["D1:3; D2:4", "D5:1,D5:2", "D1:3", "not-a-turn"])).toEqual(["D1:3", "D2:4", "D5:1", "D5:2"]);
  });

  it("takes nearest-rank percentiles", () => {
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(percentile([5, 1, 3, 2, 4], 95)).toBe(5);
  });
});
