import { describe, expect, it } from "vitest";
import type { MemoryStore, ReadScope } from "../ports/index.js";
import type { Resource } from "../model/index.js";
import { itemWindows, unitWindows } from "./unit-window.js";

const transcript = [
  "[D1:1] Caroline: Hi Mel!",
  "[D1:2] Melanie: Do you have any pets?",
  "[D1:3] Caroline: Yup, Oscar, my guinea pig.",
  "[D1:4] Melanie: So cute!",
  "[D1:5] Caroline: He loves carrots.",
  "[D1:6] Melanie: Ha!",
  "[D2:1] Caroline: I went to a pride parade yesterday.",
  "[D2:2] Melanie: How was it?",
].join("\n");
const conversation = { modality: "conversation", text: transcript } as const;
const texts = (window: ReturnType<ReturnType<typeof unitWindows>>) => (window === null ? null : window.units.map((unit) => `${unit.cited ? "*" : ""}${unit.text}`));

describe("unitWindows", () => {
  it("gives the cited message and two on either side, as stored", () => {
    expect(texts(unitWindows(conversation)({ kind: "messages", messageIds: ["D1:3"] }))).toEqual([
      "Caroline: Hi Mel!",
      "Melanie: Do you have any pets?",
      "*Caroline: Yup, Oscar, my guinea pig.",
      "Melanie: So cute!",
      "Caroline: He loves carrots.",
    ]);
  });

  it("keeps neighbours to the cited message's session and stops at the ends of the source", () => {
    const windowOf = unitWindows(conversation);
    expect(texts(windowOf({ kind: "messages", messageIds: ["D1:6"] }))).toEqual(["Melanie: So cute!", "Caroline: He loves carrots.", "*Melanie: Ha!"]);
    expect(texts(windowOf({ kind: "messages", messageIds: ["D2:1"] }))).toEqual(["*Caroline: I went to a pride parade yesterday.", "Melanie: How was it?"]);
    expect(texts(windowOf({ kind: "messages", messageIds: ["D1:1"] }))).toEqual(["*Caroline: Hi Mel!", "Melanie: Do you have any pets?", "Caroline: Yup, Oscar, my guinea pig."]);
  });

  it("cites at most eight units around the middle of a long span, and gives null for a span not in the source", () => {
    const text = Array.from({ length: 30 }, (_unused, index) => `Paragraph ${index + 1}.`).join("\n\n");
    const windowOf = unitWindows({ modality: "document", text });
    const window = windowOf({ kind: "chars", start: 0, end: text.length })!;
    expect(window.units.filter((unit) => unit.cited).map((unit) => unit.text)).toEqual(Array.from({ length: 8 }, (_unused, index) => `Paragraph ${index + 12}.`));
    expect(window.units.map((unit) => unit.text)).toEqual(Array.from({ length: 12 }, (_unused, index) => `Paragraph ${index + 10}.`));
    expect(windowOf({ kind: "messages", messageIds: ["m9"] })).toBeNull();
    expect(unitWindows(conversation)({ kind: "messages", messageIds: ["D9:9"] })).toBeNull();
  });
});

describe("itemWindows", () => {
  it("reads each resource of the items' first sources once, uses those in hand, and gives null without a source", async () => {
    const reads: string[] = [];
    const stored: Resource = { id: "res_stored", uri: "inline:a", modality: "document", contentHash: "a", caption: null, text: "Bees on the roof.\n\nMead in autumn.", scope: { userId: "u" }, metadata: {}, createdAt: "2026-01-01T00:00:00.000Z" };
    const store: Pick<MemoryStore, "getResource"> = {
      async getResource(_read: ReadScope, id: string) {
        reads.push(id);
        return id === stored.id ? stored : null;
      },
    };
    const inHand: Resource = { ...stored, id: "res_new", modality: "conversation", text: transcript };
    const windows = await itemWindows(store, { conditions: [] }, [
      { sources: [{ resourceId: "res_stored", span: { kind: "chars", start: 0, end: 5 } }] },
      { sources: [{ resourceId: "res_stored", span: { kind: "chars", start: 20, end: 25 } }, { resourceId: "res_new", span: { kind: "messages", messageIds: ["D1:1"] } }] },
      { sources: [{ resourceId: "res_new", span: { kind: "messages", messageIds: ["D2:2"] } }] },
      { sources: [{ resourceId: "res_gone", span: { kind: "chars", start: 0, end: 5 } }] },
      { sources: [] },
    ], [inHand]);
    expect(windows.map(texts)).toEqual([
      ["*Bees on the roof.", "Mead in autumn."],
      ["Bees on the roof.", "*Mead in autumn."],
      ["Caroline: I went to a pride parade yesterday.", "*Melanie: How was it?"],
      null,
      null,
    ]);
    expect(reads.sort()).toEqual(["res_gone", "res_stored"]);
  });
});
