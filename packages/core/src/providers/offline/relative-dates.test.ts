import { afterEach, describe, expect, it, vi } from "vitest";
import { resolveRelativeDates } from "./relative-dates.js";

describe("resolveRelativeDates on long text", () => {
  const said = new Date("2023-05-08T13:56:00Z");
  afterEach(() => vi.restoreAllMocks());

  it("resolves every date of a long sentence, the first one giving happenedAt", () => {
    const clause = "we met yesterday and again last Saturday, every Monday too, ";
    const { text, happenedAt } = resolveRelativeDates(clause.repeat(500), said);
    expect(happenedAt).toBe("2023-05-07");
    expect(text).toBe("we met yesterday (7 May 2023) and again last Saturday, (6 May 2023) every Monday too, ".repeat(500));
  });

  it("reads a bounded stretch before each date, not the whole text before it", () => {
    // Testing the whole prefix per date made 200 KB of dated text take seconds: the work grew with its square.
    let scanned = 0;
    const test = RegExp.prototype.test;
    vi.spyOn(RegExp.prototype, "test").mockImplementation(function (this: RegExp, input: string) {
      scanned += String(input).length;
      return test.call(this, input);
    });
    const text = "I went there yesterday and then again last week with friends. ".repeat(1000);
    resolveRelativeDates(text, said);
    expect(scanned).toBeLessThan(4 * text.length);
  });
});
