import path from "node:path";
import { createRequire } from "node:module";
import { createMemory, SafeResourceLoader, type MemoryService } from "@memograph/core";
import type { LocomoConversation } from "./dataset.js";

/** A system under test: prepares one conversation, then ranks results, each given as the turns it came from. */
export interface RetrievalSystem {
  readonly name: string;
  prepare(conversation: LocomoConversation): Promise<void>;
  search(conversation: LocomoConversation, question: string, depth: number): Promise<string[][]>;
  close(): Promise<void>;
}

/** memograph with the embedded store and offline providers: the file is memorized as a user would (path in). */
export async function memographEmbedded(dataDir: string): Promise<RetrievalSystem> {
  const memory: MemoryService = await createMemory({ loader: new SafeResourceLoader({ roots: [path.resolve(dataDir)] }) });
  return {
    name: "memograph-embedded",
    async prepare(conversation) {
      await memory.memorize({ resourceUrl: path.resolve(conversation.file), scope: { userId: conversation.name } });
    },
    async search(conversation, question, depth) {
      const result = await memory.retrieve({ query: question, scope: { userId: conversation.name }, topK: { items: depth, categories: 1, resources: 1 } });
      return result.items.map((item) => item.sources.flatMap((source) => (source.span.kind === "messages" ? source.span.messageIds : [])));
    },
    close: () => memory.close(),
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
