import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { strictSchemaProblems } from "../models/strict-schema.js";
import { HashingEmbedder } from "../providers/offline/hashing-embedder.js";
import { minimalInstance, schemaViolations } from "./json-schema-instance.js";

export type ChatContentPart = { type: "text"; text: string } | { type: "image_url"; image_url: { url: string } };

type Schema = Record<string, unknown>;

export interface ChatRequest {
  readonly model: string;
  readonly messages: { role: string; content: string | ChatContentPart[] | null; tool_calls?: unknown[] }[];
  readonly tools?: { type: string; function: { name: string; parameters?: Schema; strict?: boolean | null } }[];
  readonly tool_choice?: string | { type: string; function?: { name: string } };
  readonly response_format?: { type: string; json_schema?: { name: string; schema?: Schema; strict?: boolean | null } };
}

/** A scripted answer: text, a tool call, an HTTP error, a delay before another answer, or a dropped connection. */
export type Reply =
  | { readonly text: string }
  | { readonly toolCall: { readonly name: string; readonly arguments: unknown } }
  | { readonly status: number; readonly message?: string }
  | { readonly delayMs: number; readonly then: Reply }
  | { readonly hangUp: true };

export interface TranscriptionRequest {
  readonly model: string;
  readonly fileName: string;
  readonly bytes: Uint8Array;
}

export interface FakeOpenAIOptions {
  /**
   * Answers chat requests. Without it, a request with a JSON Schema (response format or forced tool) gets the
   * minimal instance of that schema, as a strict provider could answer; other chat requests get a 404.
   */
  readonly chat?: (request: ChatRequest, index: number) => Reply;
  /**
   * Whether the endpoint takes `response_format: json_schema` (default true, checked against OpenAI's strict-mode
   * rules when `strict`); false answers such requests with a 400, like servers that only have JSON mode.
   */
  readonly structuredOutputs?: boolean;
  /** Answers `/audio/transcriptions` (verbose_json, segments in seconds). Default: 404. */
  readonly transcribe?: (request: TranscriptionRequest) => { text: string; segments: { start: number; end: number; text: string }[] } | { status: number };
  /** Dimensions of `/embeddings` vectors when the request gives none (deterministic word hashing). Default 64. */
  readonly embeddingDimensions?: number;
}

export interface FakeOpenAI {
  readonly baseURL: string;
  /** Every chat request, in arrival order. */
  readonly requests: ChatRequest[];
  /** The tokens billed for each answered chat request, by request index. */
  readonly billed: Map<number, { input: number; output: number }>;
  readonly transcriptions: TranscriptionRequest[];
  readonly embeddingCalls: { input: string[] }[];
  close(): Promise<void>;
}

/** Tokens as the fake bills them: about four characters each, so usage figures scale like a real model's. */
export function approximateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** The text of a message's content, its image parts left out. */
export function contentText(content: string | ChatContentPart[] | null): string {
  return typeof content === "string" ? content : (content ?? []).map((part) => (part.type === "text" ? part.text : "")).join("\n");
}

/** Every message's text, as the fake bills it. */
export function promptText(chat: ChatRequest): string {
  return chat.messages.map((message) => contentText(message.content)).join("\n");
}

/**
 * The name a memograph request gives the JSON it asks for (`memories`, `decisions`, `items_judgement`, ...), from
 * its system prompt; undefined for other requests.
 */
export function answerName(request: ChatRequest): string | undefined {
  return request.response_format?.json_schema?.name ?? forcedTool(request)?.function.name ?? /one JSON object \(([\w-]+)\)/.exec(contentText(request.messages[0]?.content ?? null))?.[1];
}

/** The function a request forces the model to call, if any (structured output through a tool). */
function forcedTool(request: ChatRequest): NonNullable<ChatRequest["tools"]>[number] | undefined {
  const choice = request.tool_choice;
  const name = typeof choice === "object" ? choice.function?.name : choice === "required" && request.tools?.length === 1 ? request.tools[0]!.function.name : undefined;
  return request.tools?.find((tool) => tool.function.name === name);
}

/**
 * The schema the answer must follow under strict mode (a strict json_schema response format or a strict forced
 * tool), or an OpenAI-shaped 400 when the request cannot be served as sent.
 */
function structuredContract(request: ChatRequest, structuredOutputs: boolean): { schema?: Schema; strict: boolean; error?: { message: string; param: string } } {
  const format = request.response_format;
  if (format?.type === "json_schema") {
    if (!structuredOutputs) return { strict: false, error: { message: "response_format type 'json_schema' is not supported by this endpoint", param: "response_format" } };
    const spec = format.json_schema;
    if (spec?.schema === undefined) return { strict: false, error: { message: "Missing required parameter: 'response_format.json_schema.schema'.", param: "response_format" } };
    if (!/^[\w-]{1,64}$/.test(spec.name)) return { strict: false, error: { message: `Invalid 'response_format.json_schema.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`, param: "response_format" } };
    const problems = spec.strict === true ? strictSchemaProblems(spec.schema) : [];
    if (problems.length > 0) return { strict: true, error: { message: `Invalid schema for response_format '${spec.name}': ${problems[0]}.`, param: "response_format" } };
    return { schema: spec.schema, strict: spec.strict === true };
  }
  const tool = forcedTool(request);
  if (tool?.function.parameters !== undefined) {
    const problems = tool.function.strict === true ? strictSchemaProblems(tool.function.parameters) : [];
    if (problems.length > 0) return { strict: true, error: { message: `Invalid schema for function '${tool.function.name}': ${problems[0]}.`, param: "tools" } };
    return { schema: tool.function.parameters, strict: tool.function.strict === true };
  }
  return { strict: false };
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

/**
 * A local OpenAI-compatible endpoint on 127.0.0.1 for tests: Chat Completions scripted by `chat`, Embeddings and
 * audio Transcriptions. Every request is kept, so tests assert what the client sent over HTTP and count calls. Like
 * OpenAI, it refuses a strict JSON Schema outside strict mode's subset with a 400 and answers follow the schema.
 */
export async function startFakeOpenAI(options: FakeOpenAIOptions | ((request: ChatRequest, index: number) => Reply)): Promise<FakeOpenAI> {
  const settings: FakeOpenAIOptions = typeof options === "function" ? { chat: options } : options;
  const requests: ChatRequest[] = [];
  const billed = new Map<number, { input: number; output: number }>();
  const transcriptions: TranscriptionRequest[] = [];
  const embeddingCalls: { input: string[] }[] = [];
  const embedders = new Map<number, HashingEmbedder>();
  const structuredOutputs = settings.structuredOutputs ?? true;

  const answerChat = async (chat: ChatRequest, index: number, scripted: Reply, response: ServerResponse): Promise<void> => {
    const reply = followContract(chat, scripted);
    if ("delayMs" in reply) {
      await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
      if (!response.destroyed) await answerChat(chat, index, reply.then, response);
      return;
    }
    if ("hangUp" in reply) {
      response.socket?.destroy();
      return;
    }
    if ("status" in reply) {
      json(response, reply.status, { error: { message: reply.message ?? `status ${reply.status}`, type: reply.status === 400 ? "invalid_request_error" : "fake_error", param: null, code: null } });
      return;
    }
    const content = "text" in reply ? reply.text : null;
    const message = "text" in reply
      ? { role: "assistant", content }
      : { role: "assistant", content: null, tool_calls: [{ id: `call_${requests.length}`, type: "function", function: { name: reply.toolCall.name, arguments: JSON.stringify(reply.toolCall.arguments) } }] };
    const prompt = approximateTokens(promptText(chat));
    const completion = approximateTokens(content ?? JSON.stringify(message));
    billed.set(index, { input: prompt, output: completion });
    json(response, 200, {
      id: `chatcmpl-${requests.length}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: chat.model,
      choices: [{ index: 0, message, finish_reason: "text" in reply ? "stop" : "tool_calls" }],
      usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
    });
  };

  /**
   * A reply as a strict provider gives it: a forced tool is called with the JSON as its arguments, and under strict
   * mode an answer that breaks the schema is a fault of the test's script (500 naming the problem), never sent.
   */
  const followContract = (chat: ChatRequest, reply: Reply): Reply => {
    if (!("text" in reply)) return reply;
    const { schema, strict } = structuredContract(chat, structuredOutputs);
    const tool = forcedTool(chat);
    if (schema === undefined) return reply;
    if (strict) {
      let value: unknown;
      try {
        value = JSON.parse(reply.text);
      } catch {
        return { status: 500, message: `fake OpenAI: the scripted answer is not JSON, under a strict schema: ${reply.text.slice(0, 200)}` };
      }
      const problems = schemaViolations(schema, value);
      if (problems.length > 0) return { status: 500, message: `fake OpenAI: the scripted answer does not follow the strict schema it was sent: ${problems.slice(0, 5).join("; ")}` };
    }
    if (tool === undefined) return reply;
    try {
      return { toolCall: { name: tool.function.name, arguments: JSON.parse(reply.text) } };
    } catch {
      return reply;
    }
  };

  const server: Server = createServer(async (request, response) => {
    const url = request.url ?? "";
    const body = await readBody(request);
    if (request.method === "POST" && url.endsWith("/chat/completions")) {
      const chat = JSON.parse(body.toString("utf8")) as ChatRequest;
      const contract = structuredContract(chat, structuredOutputs);
      if (settings.chat === undefined && contract.schema === undefined && contract.error === undefined) return void response.writeHead(404).end();
      requests.push(chat);
      const index = requests.length - 1;
      if (contract.error !== undefined) return void json(response, 400, { error: { message: contract.error.message, type: "invalid_request_error", param: contract.error.param, code: null } });
      const reply = settings.chat?.(chat, index) ?? { text: JSON.stringify(minimalInstance(contract.schema!)) };
      await answerChat(chat, index, reply, response);
    } else if (request.method === "POST" && url.endsWith("/embeddings")) {
      const { input, dimensions } = JSON.parse(body.toString("utf8")) as { input: string | string[]; dimensions?: number };
      const texts = Array.isArray(input) ? input : [input];
      embeddingCalls.push({ input: texts });
      const size = dimensions ?? settings.embeddingDimensions ?? 64;
      if (!embedders.has(size)) embedders.set(size, new HashingEmbedder({ dimensions: size }));
      const vectors = await embedders.get(size)!.embed(texts);
      const tokens = texts.reduce((sum, text) => sum + approximateTokens(text), 0);
      json(response, 200, { object: "list", data: vectors.map((embedding, index) => ({ object: "embedding", index, embedding })), model: "fake-embedding", usage: { prompt_tokens: tokens, total_tokens: tokens } });
    } else if (request.method === "POST" && url.endsWith("/audio/transcriptions") && settings.transcribe !== undefined) {
      const form = await new Request("http://fake/", { method: "POST", headers: { "content-type": request.headers["content-type"] ?? "" }, body }).formData();
      const file = form.get("file") as File;
      const transcription = { model: String(form.get("model")), fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
      transcriptions.push(transcription);
      const answer = settings.transcribe(transcription);
      if ("status" in answer) json(response, answer.status, { error: { message: `status ${answer.status}` } });
      else json(response, 200, { task: "transcribe", language: "english", duration: answer.segments.at(-1)?.end ?? 0, text: answer.text, segments: answer.segments.map((segment, id) => ({ id, seek: 0, ...segment, tokens: [], temperature: 0, avg_logprob: -0.1, compression_ratio: 1, no_speech_prob: 0 })) });
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests,
    billed,
    transcriptions,
    embeddingCalls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
