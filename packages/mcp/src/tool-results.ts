import { MemographError, toMemoryToolItem, type MemoryToolItem, type Category, type CategoryChange, type Item, type Resource } from "@memograph/core";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { ToolCategory, ToolCategoryChange, ToolResource } from "./tool-schemas.js";

/** Where a tool error's machine-readable details travel: `_meta` is the one field MCP lets an error result carry. */
export const ERROR_META_KEY = "memograph/error";

export interface ToolErrorDetails {
  /** The core's stable code (`VALIDATION`, `NOT_FOUND`, ...) or `INTERNAL` for an unexpected failure. */
  readonly code: string;
  readonly message: string;
  readonly field?: string;
}

export type McpToolItem = MemoryToolItem & Pick<Item, "status" | "createdAt">;

/** The agent tools' form of a memory, with its status and creation time (an MCP client also lists and pages). */
export function toolItem(item: Item & { score?: number }): McpToolItem {
  return { ...toMemoryToolItem(item), status: item.status, createdAt: item.createdAt };
}

export function toolResource(resource: Pick<Resource, "id" | "uri" | "modality" | "caption" | "createdAt">): ToolResource {
  return { id: resource.id, uri: resource.uri, modality: resource.modality, caption: resource.caption, createdAt: resource.createdAt };
}

/** Each category's summary is an MCP resource at this URI template. */
export const CATEGORY_URI_TEMPLATE = "memograph://categories/{id}";

export function categoryUri(id: string): string {
  return `memograph://categories/${encodeURIComponent(id)}`;
}

export function toolCategory(category: Category): ToolCategory {
  return { id: category.id, name: category.name, description: category.description, itemCount: category.itemCount, summary: category.summary, uri: categoryUri(category.id) };
}

export function toolCategoryChange({ scope: _scope, ...change }: CategoryChange): ToolCategoryChange {
  return change;
}

export function changeLine(change: ToolCategoryChange): string {
  const what = change.kind === "split" ? `split ${change.from[0]} into ${change.to.join(", ")}` : `merged ${change.from[0]} into ${change.to[0]}`;
  return `- [${change.id}] ${change.at}: ${what}, ${change.moves.length} memories moved (${change.method}): ${change.reason}`;
}

/** A tool's answer: the structured value its output schema describes, plus a short text for clients that show text. */
export function toolResult<T extends Record<string, unknown>>(value: T, text: string): CallToolResult & { structuredContent: T } {
  return { structuredContent: value, content: [{ type: "text", text }] };
}

/**
 * What a client may learn of a failure. Errors memograph throws on purpose carry their code and field; anything else
 * is reported as INTERNAL without its message, which may hold details of the store, and logged on stderr.
 */
export function errorDetails(error: unknown): ToolErrorDetails {
  if (MemographError.isInstance(error)) return { code: error.code, message: error.message, ...(error.field === undefined ? {} : { field: error.field }) };
  console.error("memograph mcp: unexpected failure:", error);
  return { code: "INTERNAL", message: "The request failed unexpectedly; the server log has the details." };
}

/**
 * A failure as an MCP tool error (the model sees it and can correct itself) rather than a protocol error, with
 * the code first in its text and the details under `_meta["memograph/error"]`.
 */
export function toolError(error: unknown): CallToolResult {
  const details = errorDetails(error);
  return {
    isError: true,
    content: [{ type: "text", text: `${details.code}: ${details.message}` }],
    _meta: { [ERROR_META_KEY]: details },
  };
}

export function itemLine(item: McpToolItem): string {
  const score = item.score === undefined ? "" : ` (${item.score.toFixed(3)})`;
  return `- [${item.id}] ${item.type}: ${item.summary}${score}`;
}

/** Runs a tool's work, answering a failure as a tool error instead of letting it reach the protocol. */
export async function runTool(work: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await work();
  } catch (error) {
    return toolError(error);
  }
}
