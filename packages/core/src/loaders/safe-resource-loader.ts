import { constants } from "node:fs";
import { open, readlink, realpath, stat, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { MemographError, ResourceRefusedError, ResourceUnreadableError, ValidationError } from "../errors/index.js";
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
    if (/^https?:\/\//i.test(uri)) return this.fetchUrl(parseUrl(uri), 0);
    if (/^file:\/\//i.test(uri)) return this.readPath(localPath(uri));
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(uri)) throw new ResourceRefusedError(`Refused ${uri}: only local paths and http(s) URLs are supported`);
    return this.readPath(uri);
  }

  /**
   * Opens the file once and reads that descriptor. The checked path is only a guess at what the open reaches: a
   * folder on it can be swapped for a symlink between the check and the open. So the open refuses a symlink as the
   * last component, and the opened file's own path (the kernel's, from /proc/self/fd) must lie inside the roots.
   */
  private async readPath(input: string): Promise<LoadedResource> {
    const absolute = path.resolve(input);
    const real = await this.realInsideRoots(absolute);
    let handle: FileHandle;
    try {
      // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below as not a file.
      handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    } catch (cause) {
      throw this.unreadable(absolute, cause);
    }
    try {
      const opened = await this.openedPath(handle, absolute);
      if (!(await this.insideRoots(opened))) throw new ResourceRefusedError(`Refused ${absolute}: it resolved outside the allowed root folders while being opened`);
      const info = await handle.stat();
      if (!info.isFile()) throw new ResourceUnreadableError(`Cannot read ${absolute}: not a file`);
      if (info.size > this.policy.maxBytes) throw this.tooLarge(absolute, info.size);
      return { uri: opened, bytes: await this.readAtMost(handle, absolute), mediaType: undefined };
    } finally {
      await handle.close();
    }
  }

  private async realInsideRoots(absolute: string): Promise<string> {
    let real: string;
    try {
      real = await realpath(absolute);
    } catch (cause) {
      // A missing path outside the roots is refused like an existing one, so the answer never tells which files
      // exist outside them.
      if (!(await this.insideRoots(absolute))) throw this.outsideRoots(absolute);
      throw this.unreadable(absolute, cause);
    }
    if (!(await this.insideRoots(real))) throw this.outsideRoots(absolute);
    return real;
  }

  private outsideRoots(absolute: string): ResourceRefusedError {
    return new ResourceRefusedError(
      this.policy.roots.length === 0
        ? `Refused ${absolute}: no root folder is allowed for local files`
        : `Refused ${absolute}: outside the allowed root folders (${this.policy.roots.join(", ")})`,
    );
  }

  /**
   * The path of the file a descriptor has open. Where the system does not tell (no /proc), the path resolved again
   * must name the very file opened (same device and inode): narrower than /proc, not airtight.
   */
  private async openedPath(handle: FileHandle, absolute: string): Promise<string> {
    const link = await readlink(`/proc/self/fd/${handle.fd}`).catch(() => null);
    if (link !== null) return link;
    const again = await this.realInsideRoots(absolute);
    const [seen, info] = await Promise.all([stat(again), handle.stat()]);
    if (seen.dev !== info.dev || seen.ino !== info.ino) throw new ResourceRefusedError(`Refused ${absolute}: it changed while being opened`);
    return again;
  }

  /** The descriptor's bytes, refused past maxBytes even when the file grows after its size was read. */
  private async readAtMost(handle: FileHandle, absolute: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    for (;;) {
      const { bytesRead, buffer } = await handle.read(Buffer.alloc(64 * 1024), 0, 64 * 1024, null);
      if (bytesRead === 0) return Buffer.concat(chunks);
      size += bytesRead;
      if (size > this.policy.maxBytes) throw this.tooLarge(absolute, size);
      chunks.push(buffer.subarray(0, bytesRead));
    }
  }

  private unreadable(absolute: string, cause: unknown): ResourceUnreadableError {
    const code = (cause as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : code === "ELOOP" ? "it is a symbolic link" : (cause as Error).message;
    return new ResourceUnreadableError(`Cannot read ${absolute}: ${reason}`, { cause });
  }

  /**
   * Whether a path lies in a root: a real path, or the path of a missing file as given (nothing to resolve), which is
   * also compared with the root as given.
   */
  private async insideRoots(candidate: string): Promise<boolean> {
    const within = (root: string) => {
      const relative = path.relative(root, candidate);
      return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
    };
    for (const root of this.policy.roots) {
      const realRoot = await realpath(path.resolve(root)).catch(() => null);
      // A real path never runs through a symlinked root as given, so the second test only ever admits missing files.
      if (realRoot !== null && (within(realRoot) || within(path.resolve(root)))) return true;
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
      return this.fetchUrl(parseUrl(response.headers.get("location")!, url), redirects + 1);
    }
    if (!response.ok) throw new ResourceUnreadableError(`Cannot fetch ${url.href}: HTTP ${response.status}`);
    const declared = Number(response.headers.get("content-length") ?? "0");
    if (declared > this.policy.maxBytes) throw this.tooLarge(url.href, declared);
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      for await (const chunk of response.body ?? []) {
        size += chunk.byteLength;
        if (size > this.policy.maxBytes) throw this.tooLarge(url.href, size);
        chunks.push(chunk);
      }
    } catch (cause) {
      if (MemographError.isInstance(cause)) throw cause;
      // The timeout covers the body too: a server that sends it slowly is cut off here, not left to hang.
      const timedOut = cause instanceof Error && (cause.name === "TimeoutError" || cause.name === "AbortError");
      throw new ResourceUnreadableError(`Cannot fetch ${url.href}: ${timedOut ? `no complete body within ${this.policy.timeoutMs} ms` : (cause as Error).message}`, { cause });
    }
    return { uri: url.href, bytes: Buffer.concat(chunks), mediaType: response.headers.get("content-type") ?? undefined };
  }

  private tooLarge(what: string, size: number): ResourceRefusedError {
    return new ResourceRefusedError(`Refused ${what}: ${size} bytes is over the limit of ${this.policy.maxBytes}`);
  }
}

function parseUrl(text: string, base?: URL): URL {
  try {
    return new URL(text, base);
  } catch (cause) {
    throw new ResourceUnreadableError(`Cannot read ${text}: not a valid URL`, { cause });
  }
}

/** A file URL's path; only this machine's files (no host, or localhost) are local. */
function localPath(uri: string): string {
  try {
    return fileURLToPath(uri);
  } catch (cause) {
    throw new ResourceRefusedError(`Refused ${uri}: only file URLs of this machine (file:///path) are read`, { cause });
  }
}
