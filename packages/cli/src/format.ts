import type { Category, Item, Span, Trace } from "@memograph/core";

export function spanText(span: Span): string {
  switch (span.kind) {
    case "messages":
      return span.messageIds.join(", ");
    case "chars":
      return `chars ${span.start}–${span.end}`;
    case "pages":
      return `pages ${span.from}–${span.to}`;
    case "time":
      return `${(span.startMs / 1000).toFixed(1)}s–${(span.endMs / 1000).toFixed(1)}s`;
  }
}

export function itemLine(item: Item, score?: number): string {
  const head = score === undefined ? "" : `${score.toFixed(4)}  `;
  const when = item.happenedAt === null ? "" : ` (${item.happenedAt.slice(0, 10)})`;
  const from = item.sources.map((source) => `${source.resourceId} [${spanText(source.span)}]`).join("; ");
  return `${head}${item.summary}${when}\n    ${item.id} · ${item.type} · ${item.categories.join(", ") || "no category"}${from ? ` · from ${from}` : ""}`;
}

export function categoryLine(category: Category): string {
  return `${category.name} (${category.itemCount} item${category.itemCount === 1 ? "" : "s"}) ${category.id}${category.description ? `\n    ${category.description}` : ""}`;
}

export function traceText(trace: Trace): string {
  const lines = [itemLine(trace.item), "", "Sources:"];
  if (trace.sources.length === 0) lines.push("  (none: created by hand)");
  for (const source of trace.sources) {
    lines.push(`  ${source.resource.uri} (${source.resource.id}, ${source.resource.modality}) [${spanText(source.span)}]`);
    for (const line of source.excerpt.split("\n")) lines.push(`    ${line}`);
  }
  lines.push("", `Categories: ${trace.categories.map((category) => `${category.name} (${category.id})`).join(", ") || "none"}`);
  return lines.join("\n");
}
