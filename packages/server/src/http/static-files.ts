import { readFile, stat } from "node:fs/promises";
import path from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json",
};

async function fileResponse(file: string): Promise<Response | null> {
  const info = await stat(file).catch(() => null);
  if (info === null || !info.isFile()) return null;
  return new Response(await readFile(file), { headers: { "content-type": TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream" } });
}

/**
 * Serves a built single-page app: the file under `dir` when one matches, else `index.html` (client-side routes).
 * Paths are resolved inside `dir` only; `..` cannot leave it.
 */
export function staticFiles(dir: string): (pathname: string) => Promise<Response | null> {
  const root = path.resolve(dir);
  return async (pathname) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return null;
    }
    const file = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
    if (file !== root && !file.startsWith(`${root}${path.sep}`)) return null;
    return (await fileResponse(file)) ?? fileResponse(path.join(root, "index.html"));
  };
}
