import { mkdtemp } from "node:fs/promises";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemory, MemographError } from "@memograph/core";
import { ModelFilesMissingError, OnnxEmbedder } from "./index.js";

/** Every way out of the process a download could take, denied and recorded while the tests run. */
function denyNetwork(): { attempts: string[]; restore: () => void } {
  const attempts: string[] = [];
  const saved = { fetch: globalThis.fetch, connect: net.Socket.prototype.connect, httpRequest: http.request, httpsRequest: https.request, httpGet: http.get, httpsGet: https.get };
  const deny = (what: string) => () => {
    attempts.push(what);
    throw new Error(`network disabled in this test: ${what}`);
  };
  const denyFetch = deny("fetch");
  globalThis.fetch = (async () => denyFetch()) as typeof fetch;
  net.Socket.prototype.connect = deny("socket connect") as typeof net.Socket.prototype.connect;
  Object.assign(http, { request: deny("http.request"), get: deny("http.get") });
  Object.assign(https, { request: deny("https.request"), get: deny("https.get") });
  return {
    attempts,
    restore: () => {
      globalThis.fetch = saved.fetch;
      net.Socket.prototype.connect = saved.connect;
      Object.assign(http, { request: saved.httpRequest, get: saved.httpGet });
      Object.assign(https, { request: saved.httpsRequest, get: saved.httpsGet });
    },
  };
}

const cosine = (a: readonly number[], b: readonly number[]) => a.reduce((sum, value, index) => sum + value * b[index]!, 0);

describe("OnnxEmbedder with the network disabled", () => {
  let network: ReturnType<typeof denyNetwork>;
  beforeAll(() => {
    network = denyNetwork();
  });
  afterAll(() => network.restore());

  it("the denial is real: a fetch fails and is recorded", async () => {
    await expect(fetch("https://huggingface.co/")).rejects.toThrow(/network disabled/);
    expect(network.attempts.splice(0)).toEqual(["fetch"]);
  });

  it("embeds by meaning from the files on disk, attempting no download", async () => {
    const embedder = new OnnxEmbedder();
    const [question, son, pottery, kitten] = await embedder.embed([
      "How many children does Melanie have?",
      "My son got into an accident last week.",
      "The pottery class was full of clay dust.",
      "Melanie's daughter adopted a kitten.",
    ]);
    expect(question).toHaveLength(384);
    expect(cosine(question!, question!)).toBeCloseTo(1, 5);
    expect(cosine(question!, son!)).toBeGreaterThan(cosine(question!, pottery!));
    expect(cosine(question!, kitten!)).toBeGreaterThan(cosine(question!, pottery!));
    // Batching and length-sorting give every text its own vector, in the caller's order.
    const [again] = await embedder.embed(["How many children does Melanie have?", "x ".repeat(400)]);
    for (const [index, value] of again!.entries()) expect(value).toBeCloseTo(question![index]!, 5);
    expect(network.attempts).toEqual([]);
  });

  it("lets memograph find a memory that shares no word with the question", async () => {
    const memory = await createMemory({ embedder: new OnnxEmbedder() });
    try {
      const scope = { userId: "melanie" };
      await memory.memorize({
        content: [
          { role: "user", content: "My name is Melanie. My son got into a car accident on the way to school." },
          { role: "user", content: "I signed up for a pottery workshop downtown." },
          { role: "user", content: "The quarterly budget review was moved to Monday." },
        ],
        scope,
      });
      const { items } = await memory.retrieve({ query: "Is her kid okay?", scope, topK: 1 });
      expect(items[0]?.summary).toBe("Melanie's son got into a car accident on the way to school.");
    } finally {
      await memory.close();
    }
    expect(network.attempts).toEqual([]);
  });
});

describe("OnnxEmbedder without its files", () => {
  it("throws a typed error naming what is missing, and never falls back to another embedder", async () => {
    const empty = await mkdtemp(path.join(tmpdir(), "memograph-no-model-"));
    let thrown: unknown;
    try {
      new OnnxEmbedder({ modelDir: empty });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ModelFilesMissingError);
    expect(MemographError.isInstance(thrown) && thrown.code).toBe("MODEL_FILES_MISSING");
    expect(thrown).toMatchObject({ field: "modelDir", missing: ["model.onnx", "tokenizer.json", "tokenizer_config.json"] });
    expect((thrown as Error).message).toContain(empty);
  });
});
