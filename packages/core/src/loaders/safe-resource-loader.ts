import { readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { ResourceRefusedError, ResourceUnreadableError, ValidationError } from "../errors/index.js";
import type { LoadedResource, ResourceLoader, ResourceReference } from "../ports/index.js";

export const resourceLoaderPolicySchema = z.object({
  /** Local paths must resolve (symlinks followed) inside one of these folders. Empty: no local files. */
  roots: z.array(z.string().min(1)).default([]),
  /** Hosts URLs may point at: exact names or `*.example.com`. Empty: no URLs (the default: no server-side fetch). */
  allowedHosts: z.array(z.string().min(1)).default([]),
  maxBytes: z.number().int().positive().default(25 * 1024 * 1024),
  timeoutMs: z.number().int().positive().default(30_000),
  maxRedirects: z.number().int().min(0).max(10).default(3),
});
export type ResourceLoaderPolicy = z.input<typeof resourceLoaderPolicySchema>;

/** Loads local files and http(s) URLs under an explicit policy; everything else is refused with a reason. */
export class SafeResourceLoader implements ResourceLoader {
  private readonly policy: z.output<typeof resourceLoaderPolicySchema>;

  constructor(policy: ResourceLoaderPolicy = {}) {
    const parsed = resourceLoaderPolicySchema.safeParse(policy);
    if (!parsed.success) throw ValidationError.fromZod("resource loader policy", parsed.error, "loader");
    this.policy = parsed.data;
  }

  async load(reference: ResourceReference): Promise<LoadedResource> {
    const { uri } = reference;
    if (/^https?:\/\//i.test(uri)) return this.fetchUrl(new URL(uri), 0);
    if (/^file:\/\//i.test(uri)) return this.readPath(fileURLToPath(uri));
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(uri)) throw new ResourceRefusedError(`Refused ${uri}: only local paths and http(s) URLs are supported`);
    return this.readPath(uri);
  }

  private async readPath(input: string): Promise<LoadedResource> {
    const absolute = path.resolve(input);
    let real: string;
    try {
      real = await realpath(absolute);
    } catch (cause) {
      throw new ResourceUnreadableError(`Cannot read ${absolute}: ${(cause as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (cause as Error).message}`, { cause });
    }
    if (!(await this.insideRoots(real))) {
      throw new ResourceRefusedError(
        this.policy.roots.length === 0
          ? `Refused ${absolute}: no root folder is allowed for local files`
          : `Refused ${absolute}: outside the allowed root folders (${this.policy.roots.join(", ")})`,
      );
    }
    const info = await stat(real);
    if (!info.isFile()) throw new ResourceUnreadableError(`Cannot read ${absolute}: not a file`);
    if (info.size > this.policy.maxBytes) throw this.tooLarge(absolute, info.size);
    return { uri: real, bytes: await readFile(real), mediaType: undefined };
  }

  private async insideRoots(real: string): Promise<boolean> {
    for (const root of this.policy.roots) {
      const realRoot = await realpath(path.resolve(root)).catch(() => null);
      if (realRoot === null) continue;
      const relative = path.relative(realRoot, real);
      if (relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative))) return true;
    }
    return false;
  }

  private hostAllowed(host: string): boolean {
    const name = host.toLowerCase();
    return this.policy.allowedHosts.some((allowed) => {
      const rule = allowed.toLowerCase();
      return rule.startsWith("*.") ? name.endsWith(rule.slice(1)) : name === rule;
    });
  }

  private async fetchUrl(url: URL, redirects: number): Promise<LoadedResource> {
    if (!this.hostAllowed(url.hostname)) {
      throw new ResourceRefusedError(`Refused ${url.href}: host ${url.hostname} is not in the allowed hosts`);
    }
    let response: Response;
    try {
      // Redirects are followed by hand so that every hop is checked against the allow-list.
      response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(this.policy.timeoutMs) });
    } catch (cause) {
      throw new ResourceUnreadableError(`Cannot fetch ${url.href}: ${(cause as Error).message}`, { cause });
    }
    if (response.status >= 300 && response.status < 400 && response.headers.has("location")) {
      if (redirects >= this.policy.maxRedirects) throw new ResourceRefusedError(`Refused ${url.href}: more than ${this.policy.maxRedirects} redirects`);
      return this.fetchUrl(new URL(response.headers.get("location")!, url), redirects + 1);
    }
    if (!response.ok) throw new ResourceUnreadableError(`Cannot fetch ${url.href}: HTTP ${response.status}`);
    const declared = Number(response.headers.get("content-length") ?? "0");
    if (declared > this.policy.maxBytes) throw this.tooLarge(url.href, declared);
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of response.body ?? []) {
      size += chunk.byteLength;
      if (size > this.policy.maxBytes) throw this.tooLarge(url.href, size);
      chunks.push(chunk);
    }
    return { uri: url.href, bytes: Buffer.concat(chunks), mediaType: response.headers.get("content-type") ?? undefined };
  }

  private tooLarge(what: string, size: number): ResourceRefusedError {
    return new ResourceRefusedError(`Refused ${what}: ${size} bytes is over the limit of ${this.policy.maxBytes}`);
  }
}
