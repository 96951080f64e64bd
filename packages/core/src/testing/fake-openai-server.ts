import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { HashingEmbedder } from "../providers/offline/hashing-embedder.js";

export type ChatContentPart = { type: "text"; text: string } | { type: "image_url"; image_url: { url: string } };

export interface ChatRequest {
  readonly model: string;
  readonly messages: { role: string; content: string | ChatContentPart[] | null; tool_calls?: unknown[] }[];
  readonly tools?: { type: string; function: { name: string } }[];
  readonly response_format?: { type: string };
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
  readonly chat?: (request: ChatRequest, index: number) => Reply;
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
  return /one JSON object \(([\w-]+)\)/.exec(contentText(request.messages[0]?.content ?? null))?.[1];
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
 * audio Transcriptions. Every request is kept, so tests assert what the client sent over HTTP and count calls.
 */
export async function startFakeOpenAI(options: FakeOpenAIOptions | ((request: ChatRequest, index: number) => Reply)): Promise<FakeOpenAI> {
  const settings: FakeOpenAIOptions = typeof options === "function" ? { chat: options } : options;
  const requests: ChatRequest[] = [];
  const billed = new Map<number, { input: number; output: number }>();
  const transcriptions: TranscriptionRequest[] = [];
  const embeddingCalls: { input: string[] }[] = [];
  const embedders = new Map<number, HashingEmbedder>();

  const answerChat = async (chat: ChatRequest, index: number, reply: Reply, response: ServerResponse): Promise<void> => {
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
      json(response, reply.status, { error: { message: reply.message ?? `status ${reply.status}`, type: "fake_error" } });
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

  const server: Server = createServer(async (request, response) => {
    const url = request.url ?? "";
    const body = await readBody(request);
    if (request.method === "POST" && url.endsWith("/chat/completions") && settings.chat !== undefined) {
      const chat = JSON.parse(body.toString("utf8")) as ChatRequest;
      requests.push(chat);
      const index = requests.length - 1;
      await answerChat(chat, index, settings.chat(chat, index), response);
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
