import { randomUUID } from "node:crypto";
import { mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Category, Scope } from "../../model/index.js";
import { scopeKey } from "../../model/index.js";
import { sha256 } from "../../util/hash.js";

/** A folder name for a scope that people can read and that two scopes never share. */
export function scopeFolder(scope: Scope): string {
  const readable = Object.keys(scope).sort().map((key) => `${key}-${scope[key]}`).join("_").replace(/[^A-Za-z0-9_.-]/g, "_").slice(0, 80);
  return `${readable}.${sha256(scopeKey(scope)).slice(0, 8)}`;
}

/**
 * Mirrors each category as a markdown file (as memU does) under `<dir>/categories/<scope>/<name>.md`, for people.
 * The database stays the source of truth; files are rewritten whole, through a rename so a reader never sees half.
 */
export class MarkdownMirror {
  constructor(private readonly root: string) {}

  async write(categories: readonly Category[]): Promise<void> {
    for (const category of categories) {
      const file = this.fileOf(category);
      await mkdir(path.dirname(file), { recursive: true });
      const body = `# ${category.name}\n\n${category.description ? `_${category.description}_\n\n` : ""}${category.summary || "_No memories yet._"}\n`;
      // A temporary file of its own: concurrent writes of one category (two memorizes in one scope) must not rename
      // each other's file away.
      const temporary = `${file}.${randomUUID()}.tmp`;
      await writeFile(temporary, body);
      await rename(temporary, file);
    }
  }

  async remove(categories: readonly Category[]): Promise<void> {
    for (const category of categories) {
      const file = this.fileOf(category);
      await rm(file, { force: true });
      const folder = path.dirname(file);
      if ((await readdir(folder).catch(() => ["keep"])).length === 0) await rm(folder, { recursive: true, force: true });
    }
  }

  private fileOf(category: Category): string {
    return path.join(this.root, scopeFolder(category.scope), `${category.name.replace(/[^A-Za-z0-9_.-]/g, "_")}.md`);
  }
}
