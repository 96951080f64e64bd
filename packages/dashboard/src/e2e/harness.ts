import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { createMemory, openEmbeddedServerState } from "@memograph/core";
import { createServer, listen } from "@memograph/server";
import { chromium, type Browser, type Page } from "playwright-core";
import { dashboardBuilt, dashboardDir } from "../node/index.js";

/** Debian's chromium (scripts/setup installs it); Playwright's own browser download is not used. */
function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter((path): path is string => path !== undefined && path !== "");
  const found = candidates.find((path) => existsSync(path));
  if (found === undefined) throw new Error("chromium is missing: run scripts/setup (it installs Debian's chromium) or set CHROMIUM_PATH");
  return found;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath() });
}

export interface DashboardServer {
  readonly url: string;
  readonly adminKey: string;
  /** A member key bound to `userId`. */
  memberKey(userId: string): Promise<string>;
  /** A call to the /v1 API with the admin key, answering the JSON body (throws on an error status). */
  call<T>(method: string, path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

/**
 * The real memograph server on 127.0.0.1 (a free port) over an in-memory embedded store, running its memorize tasks and
 * serving the built dashboard.
 */
export async function startDashboardServer(): Promise<DashboardServer> {
  if (!dashboardBuilt()) throw new Error("the dashboard is not built: run `pnpm build` first");
  const memory = await createMemory();
  const state = await openEmbeddedServerState();
  const server = createServer(memory, { access: state.access, tasks: state.tasks, dashboardDir: dashboardDir(), rateLimit: false });
  const listener = await listen(server, { host: "127.0.0.1", port: 0 });
  const admin = await state.access.createKey({ role: "admin", name: "e2e admin" });
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(new URL(path, listener.url), {
      method,
      headers: { authorization: `Bearer ${admin.key}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await response.json()) as T;
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  return {
    url: listener.url,
    adminKey: admin.key,
    memberKey: async (userId) => (await state.access.createKey({ role: "member", userId, name: `e2e ${userId}` })).key,
    call,
    close: async () => {
      await listener.close();
      await server.close();
      await state.close();
      await memory.close();
    },
  };
}

/** Pages saved as the README's screenshots when MEMOGRAPH_SCREENSHOTS is set (so a plain test run leaves the tree clean). */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (!process.env.MEMOGRAPH_SCREENSHOTS) return;
  const folder = new URL("../../screenshots/", import.meta.url);
  await mkdir(folder, { recursive: true });
  await page.screenshot({ path: new URL(`${name}.png`, folder).pathname, fullPage: false });
}

/** Signs in through the form, as a person would. */
export async function signIn(page: Page, url: string, key: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel("API key").fill(key);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("navigation", { name: "Pages" }).waitFor();
}
