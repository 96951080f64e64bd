import { describe, expect, it } from "vitest";
import { MAX_KEYWORD_TERMS, keywordQuery, keywordTerms } from "./keyword-query.js";

describe("keyword terms", () => {
  it("keeps at most MAX_KEYWORD_TERMS distinct words, the longest, in the order they come", () => {
    const short = Array.from({ length: 500 }, (_, index) => `w${index}`);
    const terms = keywordTerms(`${short.slice(0, 250).join(" ")} xylophonist ${short.slice(250).join(" ")} orchestra`);
    expect(terms).toHaveLength(MAX_KEYWORD_TERMS);
    expect(terms.indexOf("xylophonist")).toBeGreaterThanOrEqual(0);
    expect(terms.indexOf("xylophonist")).toBeLessThan(terms.indexOf("orchestra"));
    expect(keywordQuery(short.join(" "))!.split(" OR ")).toHaveLength(MAX_KEYWORD_TERMS);
  });

  it("keeps every word of an ordinary query", () => {
    expect(keywordTerms("Where did Caroline move last month?")).toEqual(["caroline", "move", "last", "month"]);
  });
});
