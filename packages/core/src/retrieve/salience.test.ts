import { describe, expect, it } from "vitest";
import type { Item } from "../model/index.js";
import { salience } from "./salience.js";

const item = (overrides: Partial<Item>): Item => ({
  id: "itm_1", type: "profile", summary: "s", happenedAt: null, contentHash: "h", reinforcementCount: 1, lastReinforcedAt: null, status: "active",
  scope: { userId: "u" }, sources: [], categories: [], metadata: {}, createdAt: "2025-01-01T00:00:00.000Z", updatedAt: "2025-01-01T00:00:00.000Z", ...overrides,
});
const now = new Date("2025-01-31T00:00:00.000Z");

describe("salience", () => {
  it("is relevance × ln(1 + reinforcement + accesses) × exp(−ln2 × age / half-life)", () => {
    // Thirty days old with a thirty-day half-life: half the weight.
    expect(salience(2, item({}), undefined, now, 30)).toBeCloseTo(2 * Math.log(2) * 0.5, 12);
    // Reinforcements and accesses add up; the latest of created, reinforced and accessed sets the age.
    const used = salience(2, item({ reinforcementCount: 3, lastReinforcedAt: "2025-01-16T00:00:00.000Z" }), { itemId: "itm_1", count: 4, lastAccessedAt: "2025-01-31T00:00:00.000Z" }, now, 30);
    expect(used).toBeCloseTo(2 * Math.log(8), 12);
    const reinforced = salience(2, item({ reinforcementCount: 3, lastReinforcedAt: "2025-01-16T00:00:00.000Z" }), undefined, now, 30);
    expect(reinforced).toBeCloseTo(2 * Math.log(4) * Math.SQRT1_2, 12);
    // A clock behind the item's dates does not inflate it.
    expect(salience(1, item({}), undefined, new Date("2024-12-01T00:00:00.000Z"), 30)).toBeCloseTo(Math.log(2), 12);
  });
});
