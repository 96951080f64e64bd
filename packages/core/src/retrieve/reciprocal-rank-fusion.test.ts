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

  it("leaves out lists of weight 0 and breaks ties by id", () => {
    expect(reciprocalRankFusion([{ ids: ["z"], weight: 0 }, { ids: ["b"] }, { ids: ["a"] }]).map((hit) => hit.id)).toEqual(["a", "b"]);
  });
});
