import { describe, expect, it } from "vitest";
import { sourceView } from "./passages.js";

describe("sourceView", () => {
  it("marks the cited messages of a conversation and keeps the others, with their speakers", () => {
    const text = "[D1:1] Caroline: Hi!\n[D1:2] Melanie: I moved to Lisbon: lovely.\n[D1:3] Caroline: Nice.";
    const view = sourceView(text, { kind: "messages", messageIds: ["D1:2"] });
    expect(view.passages.map((p) => [p.key, p.label, p.text, p.cited])).toEqual([
      ["D1:1", "Caroline", "Hi!", false],
      ["D1:2", "Melanie", "I moved to Lisbon: lovely.", true],
      ["D1:3", "Caroline", "Nice.", false],
    ]);
    expect(view.where).toBe("message D1:2");
  });

  it("cuts a document around the cited character range", () => {
    const view = sourceView("Intro. The cited passage. Outro.", { kind: "chars", start: 7, end: 25 });
    expect(view.layout).toBe("inline");
    expect(view.passages.map((p) => [p.text, p.cited])).toEqual([
      ["Intro. ", false],
      ["The cited passage.", true],
      [" Outro.", false],
    ]);
  });

  it("marks the cited pages of a paged document", () => {
    const view = sourceView("one\fTwo\fthree", { kind: "pages", from: 2, to: 3 });
    expect(view.passages.map((p) => [p.label, p.cited])).toEqual([
      ["Page 1", false],
      ["Page 2", true],
      ["Page 3", true],
    ]);
  });

  it("marks the transcript lines overlapping a time range", () => {
    const text = "[0:00.0–0:03.0] Hello there.\n[0:03.0–0:07.5] I play the cello.\n[0:07.5–0:09.0] Bye.";
    const view = sourceView(text, { kind: "time", startMs: 3000, endMs: 7500 });
    expect(view.passages.map((p) => [p.label, p.text, p.cited])).toEqual([
      ["0:00.0–0:03.0", "Hello there.", false],
      ["0:03.0–0:07.5", "I play the cello.", true],
      ["0:07.5–0:09.0", "Bye.", false],
    ]);
    expect(view.where).toBe("0:03.0–0:07.5");
  });
});
