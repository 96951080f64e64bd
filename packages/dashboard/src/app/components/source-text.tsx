import { useEffect, useRef } from "react";
import type { Span } from "../api/types.js";
import { sourceView } from "../source/passages.js";

/** The raw resource with the passages the span cites highlighted, the first one scrolled into view. */
export function SourceText({ text, span }: { text: string; span: Span }) {
  const view = sourceView(text, span);
  const figure = useRef<HTMLElement>(null);
  // A block body: newer browsers' scrollIntoView answers a promise, which React would take for a cleanup.
  useEffect(() => {
    figure.current?.querySelector("[data-cited]")?.scrollIntoView({ block: "nearest" });
  }, [text, span]);
  return (
    <figure className="source" ref={figure}>
      <figcaption>Cited: {view.where}</figcaption>
      {view.layout === "inline" ? (
        <pre className="source-document" tabIndex={0}>
          {view.passages.map((passage) =>
            passage.cited ? (
              <mark key={passage.key} data-cited="true">
                {passage.text}
              </mark>
            ) : (
              <span key={passage.key}>{passage.text}</span>
            ),
          )}
        </pre>
      ) : (
        <ol className="source-blocks" tabIndex={0}>
          {view.passages.map((passage) => (
            <li key={passage.key} className={passage.cited ? "cited" : undefined} data-cited={passage.cited ? "true" : undefined}>
              {passage.label !== null && <span className="speaker">{passage.label}</span>}
              <span className="text">{passage.text}</span>
            </li>
          ))}
        </ol>
      )}
    </figure>
  );
}
