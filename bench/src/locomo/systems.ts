import { randomUUID } from "node:crypto";
import path from "node:path";
import { createRequire } from "node:module";
import { InMemoryStore } from "@langchain/langgraph-checkpoint";
import { HashingEmbedder, createMemory, SafeResourceLoader, type Embedder, type MemoryService } from "@memograph/core";
import { OnnxEmbedder } from "@memograph/embedder-onnx";
import { MemographEmbeddings } from "@memograph/langchain";
import { Neo4jStore } from "@memograph/neo4j";
import type { LocomoConversation } from "./dataset.js";

/** A system under test: prepares one conversation, then ranks results, each given as the turns it came from. */
export interface RetrievalSystem {
  readonly name: string;
  prepare(conversation: LocomoConversation): Promise<void>;
  search(conversation: LocomoConversation, question: string, depth: number): Promise<string[][]>;
  close(): Promise<void>;
}

export type StoreKind = "embedded" | "neo4j";

let onnx: OnnxEmbedder | undefined;
/** The offline semantic model (all-MiniLM-L6-v2, int8 ONNX), loaded once and shared by memograph and every peer. */
export function offlineModel(): Embedder {
  return (onnx ??= new OnnxEmbedder());
}

export type EmbedderKind = "onnx" | "hashing";

/**
 * What a memograph run compares: the embedder (the ONNX model by default), the ranking, and whether retrieves record
 * accesses (on by default).
 */
export interface MemographVariant {
  readonly embedder?: EmbedderKind;
  readonly ranking?: "relevance" | "salience";
  readonly accessRecording?: boolean;
}

/**
 * memograph with the offline providers on the chosen store; the file is memorized as a user would give it (a path).
 * `hashing` is the earlier default (keyword ranking only). Each run uses fresh scopes, erased at the end, so a shared
 * Neo4j keeps nothing of it.
 */
export async function memograph(dataDir: string, store: StoreKind, variant: MemographVariant = {}): Promise<RetrievalSystem> {
  const loader = new SafeResourceLoader({ roots: [path.resolve(dataDir)] });
  const ranking = variant.ranking ?? "relevance";
  const hashing = variant.embedder === "hashing";
  const memory: MemoryService = await createMemory({
    loader,
    embedder: hashing ? new HashingEmbedder() : offlineModel(),
    ...(store === "neo4j" ? { store: new Neo4jStore() } : {}),
    ...(variant.accessRecording === false ? { accessRecording: false } : {}),
  });
  const run = randomUUID().slice(0, 8);
  const scopeOf = (conversation: LocomoConversation) => ({ userId: `bench-${run}-${conversation.name}` });
  const scopes: { userId: string }[] = [];
  return {
    name: `memograph-${store}${hashing ? "-hashing" : ""}${ranking === "salience" ? " ranking salience" : ""}${variant.accessRecording === false ? " access recording off" : ""}`,
    async prepare(conversation) {
      scopes.push(scopeOf(conversation));
      await memory.memorize({ resourceUrl: path.resolve(conversation.file), scope: scopeOf(conversation) });
    },
    async search(conversation, question, depth) {
      const result = await memory.retrieve({ query: question, scope: scopeOf(conversation), topK: { items: depth, categories: 1, resources: 1 }, ranking });
      return result.items.map((item) => item.sources.flatMap((source) => (source.span.kind === "messages" ? source.span.messageIds : [])));
    },
    async close() {
      for (const scope of scopes) await memory.forget({ scope });
      await memory.close();
    },
  };
}

interface WinkBm25 {
  defineConfig(config: { fldWeights: Record<string, number> }): void;
  definePrepTasks(tasks: ((input: never) => unknown)[]): void;
  addDoc(doc: Record<string, string>, id: string): void;
  consolidate(): void;
  search(text: string, limit?: number): [string, number][];
}

/** Okapi BM25 over the raw turns (wink-bm25-text-search with wink-nlp-utils' tokenizer, stop words and stemmer). */
export function bm25Turns(): RetrievalSystem {
  const require = createRequire(import.meta.url);
  const bm25 = require("wink-bm25-text-search") as () => WinkBm25;
  const nlp = require("wink-nlp-utils") as {
    string: { lowerCase: (s: string) => string; tokenize0: (s: string) => string[] };
    tokens: { removeWords: (t: string[]) => string[]; stem: (t: string[]) => string[]; propagateNegations: (t: string[]) => string[] };
  };
  const engines = new Map<string, WinkBm25>();
  const prep = [nlp.string.lowerCase, nlp.string.tokenize0, nlp.tokens.propagateNegations, nlp.tokens.removeWords, nlp.tokens.stem] as ((input: never) => unknown)[];
  return {
    name: "bm25-raw-turns",
    async prepare(conversation) {
      const engine = bm25();
      engine.defineConfig({ fldWeights: { text: 1 } });
      engine.definePrepTasks(prep);
      for (const turn of conversation.turns) engine.addDoc({ text: `${turn.speaker}: ${turn.text}` }, turn.id);
      engine.consolidate();
      engines.set(conversation.name, engine);
    },
    async search(conversation, question, depth) {
      return engines.get(conversation.name)!.search(question, depth).map(([id]) => [id]);
    },
    async close() {
      engines.clear();
    },
  };
}

const turnText = (turn: { speaker: string; text: string }) => `${turn.speaker}: ${turn.text}`;

/** Dense search over the raw turns with the same offline model memograph uses: exact cosine. */
export function denseTurns(): RetrievalSystem {
  const embedder = offlineModel();
  const indexes = new Map<string, { ids: string[]; vectors: number[][] }>();
  return {
    name: "dense-raw-turns",
    async prepare(conversation) {
      indexes.set(conversation.name, { ids: conversation.turns.map((turn) => turn.id), vectors: await embedder.embed(conversation.turns.map(turnText)) });
    },
    async search(conversation, question, depth) {
      const [query] = await embedder.embed([question]);
      const { ids, vectors } = indexes.get(conversation.name)!;
      return vectors
        .map((vector, index) => ({ id: ids[index]!, score: vector.reduce((sum, value, dim) => sum + value * query![dim]!, 0) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, depth)
        .map((hit) => [hit.id]);
    },
    async close() {
      indexes.clear();
    },
  };
}

/** LangGraph's InMemoryStore with its vector index over the raw turns (same model, through MemographEmbeddings). */
export function inMemoryStoreTurns(): RetrievalSystem {
  const embeddings = new MemographEmbeddings(offlineModel());
  const store = new InMemoryStore({ index: { dims: embeddings.dimensions, embeddings, fields: ["text"] } });
  return {
    name: "langgraph-inmemorystore",
    async prepare(conversation) {
      await store.batch(conversation.turns.map((turn) => ({ namespace: ["locomo", conversation.name], key: turn.id.replace(":", "_"), value: { text: turnText(turn), turn: turn.id } })));
    },
    async search(conversation, question, depth) {
      const hits = await store.search(["locomo", conversation.name], { query: question, limit: depth });
      return hits.map((hit) => [hit.value.turn as string]);
    },
    async close() {},
  };
}

/**
 * mem0 OSS (mem0ai) storing each raw turn with `infer: false` (no LLM), the same model through LangChain, its
 * in-memory SQLite vector store, history off; telemetry must be off in the environment (MEM0_TELEMETRY=false).
 */
export async function mem0Turns(): Promise<RetrievalSystem> {
  if (process.env.MEM0_TELEMETRY !== "false") throw new Error("set MEM0_TELEMETRY=false: the benchmark sends nothing anywhere");
  const { Memory } = await import("mem0ai/oss");
  const embeddings = new MemographEmbeddings(offlineModel());
  const memory = new Memory({
    version: "v1.1",
    embedder: { provider: "langchain", config: { model: embeddings } },
    vectorStore: { provider: "memory", config: { collectionName: `locomo_${randomUUID().slice(0, 8)}`, dimension: embeddings.dimensions, dbPath: ":memory:" } },
    llm: { provider: "openai", config: { apiKey: "unused: infer is off" } },
    disableHistory: true,
  });
  return {
    name: "mem0-oss",
    async prepare(conversation) {
      for (const turn of conversation.turns) {
        await memory.add([{ role: "user", content: turnText(turn) }], { userId: conversation.name, infer: false, metadata: { turn: turn.id } });
      }
    },
    async search(conversation, question, depth) {
      const { results } = await memory.search(question, { filters: { user_id: conversation.name }, topK: depth, threshold: 0 });
      return results.map((hit: { metadata?: Record<string, unknown> }) => [String(hit.metadata?.turn)]);
    },
    async close() {},
  };
}
