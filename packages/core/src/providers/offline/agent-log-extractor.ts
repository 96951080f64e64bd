import { z } from "zod";
import { ResourceUnreadableError } from "../../errors/index.js";
import type { CategoryDefinition } from "../../model/index.js";
import type { ExtractedMemory, Extraction, ExtractionContext, ExtractionInput, MemoryExtractor } from "../../ports/index.js";

/**
 * One line of an agent execution log (JSON lines, one event per line, as agent frameworks write traces): an action
 * the agent took, a tool call and its result, an error, or the run's outcome.
 */
export const agentLogEventSchema = z
  .object({
    id: z.string().min(1).max(200),
    ts: z.iso.datetime({ offset: true }).optional(),
    type: z.enum(["action", "tool_call", "tool_result", "error", "outcome"]),
    tool: z.string().min(1).max(200).optional(),
    args: z.record(z.string(), z.unknown()).optional(),
    /** A stable error name (`HealthCheckTimeout`), the key under which a lesson is kept and later superseded. */
    error: z.string().min(1).max(200).optional(),
    message: z.string().max(10_000).optional(),
    status: z.enum(["success", "failure"]).optional(),
  })
  .strict();
export type AgentLogEvent = z.infer<typeof agentLogEventSchema>;

/**
 * Parses a JSON-lines agent log into role messages for `memorize` (`{ role, id, content, created_at }`): each event
 * keeps its own id, so memories cite log lines by id. A bad line is a ResourceUnreadableError naming the line.
 */
export function agentLogMessages(jsonl: string, uri: string): { role: string; id: string; content: string; created_at?: string }[] {
  const lines = jsonl.split(/\r?\n/).flatMap((line, index) => (line.trim() === "" ? [] : [{ line: line.trim(), number: index + 1 }]));
  if (lines.length === 0) throw new ResourceUnreadableError(`${uri}: the agent log is empty`);
  return lines.map(({ line, number }) => {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (cause) {
      throw new ResourceUnreadableError(`${uri}:${number} is not JSON: ${(cause as Error).message}`, { cause });
    }
    const event = agentLogEventSchema.safeParse(json);
    if (!event.success) {
      const issue = event.error.issues[0]!;
      throw new ResourceUnreadableError(`${uri}:${number}: ${issue.path.join(".") || "event"}: ${issue.message}`);
    }
    return { role: event.data.type, id: event.data.id, content: line, ...(event.data.ts === undefined ? {} : { created_at: event.data.ts }) };
  });
}

export const AGENT_LOG_CATEGORIES: readonly CategoryDefinition[] = [
  { name: "agent_lessons", description: "How the agent recovered from errors: what to change when a tool fails" },
  { name: "agent_tools", description: "Tool calls that worked, with the arguments they worked with" },
  { name: "agent_runs", description: "How each run ended" },
];

const lessonPattern = /^When `([^`]+)` fails with (\S+)/;
const toolPattern = /^Tool `([^`]+)` works with /;

/**
 * What a lesson or tool memory is about (`lesson:deploy/HealthCheckTimeout`, `tool:deploy`), or null. Two active
 * memories with the same key give different advice for the same situation: the later one supersedes the earlier.
 */
export function agentLogLessonKey(summary: string): string | null {
  const lesson = lessonPattern.exec(summary);
  if (lesson !== null) return `lesson:${lesson[1]}/${lesson[2]}`;
  const tool = toolPattern.exec(summary);
  return tool === null ? null : `tool:${tool[1]}`;
}

const formatArgs = (args: Record<string, unknown>) =>
  Object.entries(args)
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join(", ");

/** The arguments of `after` that are new or changed since `before`. */
function changedArgs(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(after).filter(([key, value]) => JSON.stringify(before[key]) !== JSON.stringify(value)));
}

interface Parsed {
  readonly messageId: string;
  readonly event: AgentLogEvent;
}

/**
 * The offline extractor for agent execution logs (messages whose text is one `agentLogEventSchema` event, as
 * `agentLogMessages` makes them). From the log's structure, no model:
 * - `skill`: a tool call that failed with an error and a later call of the same tool that succeeded give the lesson
 *   "When `tool` fails with Error, retry with <the arguments that changed>", citing the failed call, the error, the
 *   call that worked and its result;
 * - `tool`: the arguments of the last call of each tool that succeeded, citing that call and its result;
 * - `event`: the run's outcome, citing the outcome line.
 * Messages that are not log events are ignored.
 */
export class AgentLogExtractor implements MemoryExtractor {
  readonly id = "memograph-agent-log-v1";

  async extract(input: ExtractionInput, context: ExtractionContext): Promise<Extraction> {
    if (input.content.kind !== "conversation") return { memories: [] };
    const events = input.content.conversation.messages.flatMap((message): Parsed[] => {
      let json: unknown;
      try {
        json = JSON.parse(message.text);
      } catch {
        return [];
      }
      const event = agentLogEventSchema.safeParse(json);
      return event.success ? [{ messageId: message.id, event: event.data }] : [];
    });
    const wanted = (type: string) => context.memoryTypes.includes(type);
    const memories: ExtractedMemory[] = [...(wanted("skill") ? lessons(events) : []), ...(wanted("tool") ? tools(events) : []), ...(wanted("event") ? outcomes(events) : [])];
    const known = new Set(context.categories.map((category) => category.name));
    const used = new Set(memories.flatMap((memory) => memory.categories));
    return { memories, newCategories: AGENT_LOG_CATEGORIES.filter((category) => used.has(category.name) && !known.has(category.name)) };
  }
}

const memory = (type: string, summary: string, messageIds: readonly string[], category: string, happenedAt: string | null): ExtractedMemory => ({
  type,
  summary,
  happenedAt,
  span: { kind: "messages", messageIds: [...new Set(messageIds)] },
  categories: [category],
});

/** Each call of a tool, with the result or error that answered it (the next event naming the same tool). */
function calls(events: readonly Parsed[]) {
  return events.flatMap((entry, index) => {
    if (entry.event.type !== "tool_call" || entry.event.tool === undefined) return [];
    const answer = events.slice(index + 1).find(({ event }) => event.tool === entry.event.tool && (event.type === "tool_result" || event.type === "error" || event.type === "tool_call"));
    const answered = answer !== undefined && answer.event.type !== "tool_call" ? answer : undefined;
    return [{ call: entry, answer: answered, ok: answered?.event.type === "tool_result", tool: entry.event.tool, args: entry.event.args ?? {} }];
  });
}

function lessons(events: readonly Parsed[]): ExtractedMemory[] {
  const all = calls(events);
  return all.flatMap((failed, index) => {
    if (failed.ok || failed.answer === undefined) return [];
    const fix = all.slice(index + 1).find((call) => call.tool === failed.tool);
    if (fix === undefined || !fix.ok) return [];
    const error = failed.answer.event;
    const name = error.error ?? "an error";
    const changed = formatArgs(changedArgs(failed.args, fix.args));
    const summary = `When \`${failed.tool}\` fails with ${name}${error.message === undefined ? "" : ` (${error.message})`}, retry with ${changed === "" ? "the same arguments" : changed}.`;
    return [memory("skill", summary, [failed.call.messageId, failed.answer.messageId, fix.call.messageId, fix.answer!.messageId], "agent_lessons", fix.answer!.event.ts ?? null)];
  });
}

function tools(events: readonly Parsed[]): ExtractedMemory[] {
  const lastGood = new Map<string, ReturnType<typeof calls>[number]>();
  for (const call of calls(events)) if (call.ok) lastGood.set(call.tool, call);
  return [...lastGood.values()].map((call) =>
    memory("tool", `Tool \`${call.tool}\` works with ${formatArgs(call.args) || "no arguments"}.`, [call.call.messageId, call.answer!.messageId], "agent_tools", call.answer!.event.ts ?? null),
  );
}

function outcomes(events: readonly Parsed[]): ExtractedMemory[] {
  const goal = events.find(({ event }) => event.type === "action")?.event.message;
  return events.flatMap(({ messageId, event }) =>
    event.type !== "outcome"
      ? []
      : [memory("event", `Run ${event.status === "failure" ? "failed" : "succeeded"}${goal === undefined ? "" : ` at "${goal}"`}${event.message === undefined ? "" : `: ${event.message}`}.`, [messageId], "agent_runs", event.ts ?? null)],
  );
}
