import { describe, expect, it } from "vitest";
import { parseInline, parseMarkdown } from "./parse.js";

describe("parseMarkdown", () => {
  it("reads a category summary's cited list into list items with citations", () => {
    const blocks = parseMarkdown("## Work\n\n- Works as a **nurse** [itm_a1]\n- Likes `night` shifts [itm_b2]");
    expect(blocks).toEqual([
      { kind: "heading", level: 2, children: [{ kind: "text", text: "Work" }] },
      {
        kind: "list",
        ordered: false,
        items: [
          [{ kind: "text", text: "Works as a " }, { kind: "strong", children: [{ kind: "text", text: "nurse" }] }, { kind: "text", text: " " }, { kind: "citation", itemId: "itm_a1" }],
          [{ kind: "text", text: "Likes " }, { kind: "code", text: "night" }, { kind: "text", text: " shifts " }, { kind: "citation", itemId: "itm_b2" }],
        ],
      },
    ]);
  });

  it("joins a paragraph's lines and keeps fenced code verbatim", () => {
    expect(parseMarkdown("one\ntwo\n\n```\n<b>x</b>\n```")).toEqual([
      { kind: "paragraph", children: [{ kind: "text", text: "one two" }] },
      { kind: "code", text: "<b>x</b>" },
    ]);
  });

  it("keeps HTML as text and refuses links that are not web or mail links", () => {
    expect(parseInline("<img src=x onerror=alert(1)> [click](javascript:void0) [site](https://example.org)")).toEqual([
      { kind: "text", text: "<img src=x onerror=alert(1)> " },
      { kind: "text", text: "[click](javascript:void0)" },
      { kind: "text", text: " " },
      { kind: "link", href: "https://example.org", children: [{ kind: "text", text: "site" }] },
    ]);
  });
});
