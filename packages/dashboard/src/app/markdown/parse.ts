// A small markdown reader for category summaries: headings, lists, fenced code, paragraphs, and inline code, bold,
// italics, links and `[itm_…]` citations. It yields a tree of plain text pieces that React renders as text, so
// nothing in a summary is ever interpreted as HTML.

export type Inline =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "code"; readonly text: string }
  | { readonly kind: "strong" | "em"; readonly children: readonly Inline[] }
  | { readonly kind: "link"; readonly href: string; readonly children: readonly Inline[] }
  | { readonly kind: "citation"; readonly itemId: string };

export type Block =
  | { readonly kind: "heading"; readonly level: 1 | 2 | 3 | 4 | 5 | 6; readonly children: readonly Inline[] }
  | { readonly kind: "paragraph"; readonly children: readonly Inline[] }
  | { readonly kind: "list"; readonly ordered: boolean; readonly items: readonly (readonly Inline[])[] }
  | { readonly kind: "code"; readonly text: string };

const HEADING = /^(#{1,6})\s+(.*)$/;
const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d+[.)]\s+(.*)$/;
const FENCE = /^\s*```/;

export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index]!;
    if (line.trim() === "") {
      index += 1;
      continue;
    }
    if (FENCE.test(line)) {
      const body: string[] = [];
      index += 1;
      while (index < lines.length && !FENCE.test(lines[index]!)) body.push(lines[index++]!);
      index += 1;
      blocks.push({ kind: "code", text: body.join("\n") });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading !== null) {
      blocks.push({ kind: "heading", level: heading[1]!.length as 1 | 2 | 3 | 4 | 5 | 6, children: parseInline(heading[2]!) });
      index += 1;
      continue;
    }
    const listPattern = BULLET.test(line) ? BULLET : NUMBERED.test(line) ? NUMBERED : null;
    if (listPattern !== null) {
      const items: Inline[][] = [];
      while (index < lines.length && listPattern.test(lines[index]!)) items.push(parseInline(listPattern.exec(lines[index++]!)![1]!));
      blocks.push({ kind: "list", ordered: listPattern === NUMBERED, items });
      continue;
    }
    const paragraph: string[] = [];
    while (index < lines.length && lines[index]!.trim() !== "" && !HEADING.test(lines[index]!) && !BULLET.test(lines[index]!) && !NUMBERED.test(lines[index]!) && !FENCE.test(lines[index]!)) {
      paragraph.push(lines[index++]!.trim());
    }
    blocks.push({ kind: "paragraph", children: parseInline(paragraph.join(" ")) });
  }
  return blocks;
}

// Alternatives in order of precedence: code, citation, link, bold, italics.
const INLINE = /`([^`]+)`|\[(itm_[A-Za-z0-9_-]+)\]|\[([^\]]+)\]\(([^)\s]+)\)|\*\*(.+?)\*\*|__(.+?)__|\*([^*]+)\*|\b_([^_]+)_\b/g;

/** Only web and mail links are kept as links; anything else (javascript:, data:) stays text. */
const SAFE_HREF = /^(https?:|mailto:)/i;

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    if (match.index > last) out.push({ kind: "text", text: text.slice(last, match.index) });
    const [whole, code, citation, linkText, href, strong1, strong2, em1, em2] = match;
    if (code !== undefined) out.push({ kind: "code", text: code });
    else if (citation !== undefined) out.push({ kind: "citation", itemId: citation });
    else if (linkText !== undefined && href !== undefined) out.push(SAFE_HREF.test(href) ? { kind: "link", href, children: parseInline(linkText) } : { kind: "text", text: whole });
    else if (strong1 !== undefined || strong2 !== undefined) out.push({ kind: "strong", children: parseInline(strong1 ?? strong2!) });
    else out.push({ kind: "em", children: parseInline(em1 ?? em2!) });
    last = match.index + whole.length;
  }
  if (last < text.length) out.push({ kind: "text", text: text.slice(last) });
  return out;
}
