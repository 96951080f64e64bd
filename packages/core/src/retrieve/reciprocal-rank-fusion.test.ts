import { describe, expect, it } from "vitest";
import { reciprocalRankFusion } from "./reciprocal-rank-fusion.js";

describe("reciprocalRankFusion", () => {
  it("sums weight / (60 + rank) over the lists", () => {
    const fused = reciprocalRankFusion([{ ids: ["a", "b"] }, { ids: ["b", "c"], weight: 2 }]);
    expect(fused.map((hit) => hit.id)).toEqual(["b", "c", "a"]);
    expect(fused[0]!.score).toBeCloseTo(1 / 62 + 2 / 61, 12);
    expect(fused[1]!.score).toBeCloseTo(2 / 62, 12);
    expect(fused[2]!.score).toBeCloseTo(1 / 61, 12);
  });

  it("leaves out lists of weight 0", () => {
    expect(reciprocalRankFusion([{ ids: ["z"], weight: 0 }, { ids: ["b"] }]).map((hit) => hit.id)).toEqual(["b"]);
  });

  it("gives ids of equal score in a list the same rank, whatever order the list gave them in", () => {
    const vector = { ids: ["a", "b", "c"], scores: [0.9, 0.5, 0.4] };
    for (const keyword of [
      { ids: ["c", "a", "b"], scores: [2, 1, 1] },
      { ids: ["c", "b", "a"], scores: [2, 1, 1] },
    ]) {
      const fused = reciprocalRankFusion([vector, keyword], 20);
      expect(fused.map((hit) => hit.id)).toEqual(["a", "c", "b"]);
      expect(fused[0]!.score).toBeCloseTo(1 / 21 + 1 / 22, 12);
      expect(fused[2]!.score).toBeCloseTo(1 / 22 + 1 / 22, 12);
    }
  });

  it("breaks a tie of fused scores by the rank in the first list, then the next, then by id", () => {
    // b is 2nd then 4th, d 4th then 2nd: the same sum; the first list decides.
    const fused = reciprocalRankFusion([{ ids: ["a", "b", "c", "d"] }, { ids: ["a", "d", "c", "b"] }], 20);
    expect(fused.map((hit) => hit.id)).toEqual(["a", "b", "d", "c"]);
    expect(fused[1]!.score).toBe(fused[2]!.score);
    expect(reciprocalRankFusion([{ ids: ["b"] }, { ids: ["a"] }]).map((hit) => hit.id)).toEqual(["b", "a"]);
    expect(reciprocalRankFusion([{ ids: ["b", "a"], scores: [1, 1] }]).map((hit) => hit.id)).toEqual(["a", "b"]);
  });
});
