import { describe, expect, it } from "vitest";
import { MEMORIES_HEADER, renderMemories } from "./render-memories.js";

describe("renderMemories", () => {
  it("lists memories with the day they happened when known", () => {
    expect(renderMemories([{ summary: "Moved to Oslo.", happenedAt: "2024-02-03T00:00:00.000Z" }, { summary: "Likes tea.", happenedAt: null }])).toBe("- Moved to Oslo. (2024-02-03)\n- Likes tea.");
    expect(renderMemories([])).toBe("");
    expect(MEMORIES_HEADER).toBe("What you remember about the user (use it when relevant):");
  });
});
