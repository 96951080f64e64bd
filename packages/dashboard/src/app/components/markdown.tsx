import type { ReactNode } from "react";
import { parseMarkdown, type Block, type Inline } from "../markdown/parse.js";
import { Link } from "../router.js";

/** Renders a category summary; every `[itm_…]` citation links to that memory. React escapes all text. */
export function Markdown({ source }: { source: string }) {
  return <div className="markdown">{parseMarkdown(source).map(block)}</div>;
}

function block(node: Block, index: number): ReactNode {
  switch (node.kind) {
    case "heading": {
      const Heading = `h${Math.min(node.level + 2, 6)}` as "h3" | "h4" | "h5" | "h6";
      return <Heading key={index}>{inlines(node.children)}</Heading>;
    }
    case "paragraph":
      return <p key={index}>{inlines(node.children)}</p>;
    case "list": {
      const List = node.ordered ? "ol" : "ul";
      return (
        <List key={index}>
          {node.items.map((item, i) => (
            <li key={i}>{inlines(item)}</li>
          ))}
        </List>
      );
    }
    case "code":
      return (
        <pre key={index}>
          <code>{node.text}</code>
        </pre>
      );
  }
}

function inlines(nodes: readonly Inline[]): ReactNode[] {
  return nodes.map((node, index) => {
    switch (node.kind) {
      case "text":
        return node.text;
      case "code":
        return <code key={index}>{node.text}</code>;
      case "strong":
        return <strong key={index}>{inlines(node.children)}</strong>;
      case "em":
        return <em key={index}>{inlines(node.children)}</em>;
      case "link":
        return (
          <a key={index} href={node.href} rel="noopener noreferrer nofollow" target="_blank">
            {inlines(node.children)}
          </a>
        );
      case "citation":
        return (
          <Link key={index} to={`/memories/${encodeURIComponent(node.itemId)}`} className="citation" title={`Memory ${node.itemId}`}>
            [{node.itemId.slice(0, 10)}…]
          </Link>
        );
    }
  });
}
