import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ChatRequest {
  readonly model: string;
  readonly messages: { role: string; content: string | null; tool_calls?: unknown[] }[];
  readonly tools?: { type: string; function: { name: string } }[];
}

export type Reply = { readonly text: string } | { readonly toolCall: { readonly name: string; readonly arguments: unknown } };

/**
 * A local OpenAI-compatible Chat Completions endpoint on 127.0.0.1 for tests: `decide` scripts each answer, and
 * every request is kept so tests can assert what the client sent over HTTP.
 */
export async function startFakeOpenAI(decide: (request: ChatRequest) => Reply): Promise<{ baseURL: string; requests: ChatRequest[]; close: () => Promise<void> }> {
  const requests: ChatRequest[] = [];
  const body = async (request: IncomingMessage) => {
    let text = "";
    for await (const chunk of request) text += chunk;
    return JSON.parse(text) as ChatRequest;
  };
  const server: Server = createServer(async (request, response) => {
    if (request.method !== "POST" || !request.url?.endsWith("/chat/completions")) {
      response.writeHead(404).end();
      return;
    }
    const chat = await body(request);
    requests.push(chat);
    const reply = decide(chat);
    const message = "text" in reply
      ? { role: "assistant", content: reply.text }
      : { role: "assistant", content: null, tool_calls: [{ id: `call_${requests.length}`, type: "function", function: { name: reply.toolCall.name, arguments: JSON.stringify(reply.toolCall.arguments) } }] };
    response.writeHead(200, { "content-type": "application/json" }).end(
      JSON.stringify({
        id: `chatcmpl-${requests.length}`,
        object: "chat.completion",
        created: Math.floor(Date.now() / 1000),
        model: chat.model,
        choices: [{ index: 0, message, finish_reason: "text" in reply ? "stop" : "tool_calls" }],
        usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
