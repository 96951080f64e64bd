import { describe, expect, it } from "vitest";
import { allPages } from "./all-pages.js";

describe("allPages", () => {
  it("follows nextCursor through every page, once each, in order", async () => {
    const pages: Record<string, { records: number[]; nextCursor: string | null }> = { start: { records: [1, 2], nextCursor: "b" }, b: { records: [3], nextCursor: "c" }, c: { records: [], nextCursor: null } };
    const asked: (string | undefined)[] = [];
    expect(await allPages(async (cursor) => (asked.push(cursor), pages[cursor ?? "start"]!))).toEqual([1, 2, 3]);
    expect(asked).toEqual([undefined, "b", "c"]);
  });
});
