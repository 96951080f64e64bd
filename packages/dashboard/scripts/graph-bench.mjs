#!/usr/bin/env node
// How the dashboard's graph page copes with large graphs, in headless chromium: time from opening the page to the
// first frame drawn, and frames per second while zooming and panning. The server's /v1/graph answers at most 1,000
// items, so the answer is replaced by synthetic graphs of each size (same wire shape); everything else is the real
// server serving the built app. Needs `pnpm build`.
//   node scripts/graph-bench.mjs [--sizes 500,1000,2000,4000]
/* global sessionStorage, requestAnimationFrame -- used inside functions that run in the page */
import { existsSync } from "node:fs";
import os from "node:os";
import { createMemory, openEmbeddedServerState } from "@memograph/core";
import { createServer, listen } from "@memograph/server";
import { chromium } from "playwright-core";
import { dashboardBuilt, dashboardDir } from "../dist/node/index.js";

const sizesArg = process.argv.indexOf("--sizes");
const sizes = (sizesArg > 0 ? process.argv[sizesArg + 1] : "500,1000,2000,4000").split(",").map(Number);
if (!dashboardBuilt()) throw new Error("the dashboard is not built: run `pnpm build` first");

/** A tripartite graph of about `size` nodes: 12 categories, one resource per 20 items, items in 1–2 categories. */
function syntheticGraph(size) {
  const categories = Array.from({ length: 12 }, (_, i) => ({ id: `cat_${i}`, kind: "category", label: `category ${i}` }));
  const itemCount = Math.round((size - categories.length) * (20 / 21));
  const resources = Array.from({ length: size - categories.length - itemCount }, (_, i) => ({ id: `res_${i}`, kind: "resource", label: `conversation ${i}` }));
  const items = Array.from({ length: itemCount }, (_, i) => ({ id: `itm_${i}`, kind: "item", label: `memory number ${i} about something`, type: "event" }));
  const edges = items.flatMap((item, i) => [
    { source: item.id, target: resources[i % resources.length].id, kind: "extracted_from" },
    { source: item.id, target: categories[i % categories.length].id, kind: "in_category" },
    ...(i % 3 === 0 ? [{ source: item.id, target: categories[(i * 7 + 1) % categories.length].id, kind: "in_category" }] : []),
    ...(i % 5 === 0 ? [{ source: categories[i % categories.length].id, target: item.id, kind: "cites" }] : []),
  ]);
  return { nodes: [...categories, ...items, ...resources], edges, truncated: false };
}

const executablePath = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((path) => path && existsSync(path));
const memory = await createMemory();
const state = await openEmbeddedServerState();
const server = createServer(memory, { access: state.access, tasks: state.tasks, dashboardDir: dashboardDir(), runner: false, rateLimit: false });
const listener = await listen(server, { port: 0 });
const admin = await state.access.createKey({ role: "admin", name: "bench" });
const browser = await chromium.launch({ executablePath });
const rows = [];
try {
  for (const size of sizes) {
    const graph = syntheticGraph(size);
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    await context.addInitScript(([key]) => {
      sessionStorage.setItem("memograph.apiKey", key);
      sessionStorage.setItem("memograph.userId", "bench");
    }, [admin.key]);
    const page = await context.newPage();
    await page.route(/\/v1\/graph\?/, (route) => route.fulfill({ json: graph }));
    const started = Date.now();
    await page.goto(new URL("/graph", listener.url).href);
    await page.locator("[data-rendered=true]").waitFor({ timeout: 120_000 });
    const firstFrameMs = Date.now() - started;
    // Frames drawn while the wheel zooms in and out and the mouse pans, over about two seconds.
    const box = await page.locator("[data-testid=graph]").boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const counting = page.evaluate(
      () =>
        new Promise((resolve) => {
          let frames = 0;
          const start = performance.now();
          const tick = (now) => {
            frames += 1;
            if (now - start < 2000) requestAnimationFrame(tick);
            else resolve((frames * 1000) / (now - start));
          };
          requestAnimationFrame(tick);
        }),
    );
    for (let i = 0; i < 10; i += 1) {
      await page.mouse.wheel(0, i < 5 ? -240 : 240);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2 + (i % 2 ? 80 : -80), box.y + box.height / 2, { steps: 4 });
      await page.mouse.up();
    }
    const fps = await counting;
    rows.push({ nodes: graph.nodes.length, edges: graph.edges.length, firstFrameMs, fps });
    await context.close();
  }
} finally {
  await browser.close();
  await listener.close();
  await server.close();
  await state.close();
  await memory.close();
}

console.log(`Machine: ${os.cpus()[0]?.model ?? "unknown"}, ${os.cpus().length} cores, Node ${process.version}, ${browser.version ? `chromium ${browser.version()}` : ""}, ${new Date().toISOString().slice(0, 10)}`);
console.log("Command: node packages/dashboard/scripts/graph-bench.mjs" + (sizesArg > 0 ? ` --sizes ${sizes.join(",")}` : ""));
console.log("");
console.log("| nodes | edges | open → first frame (ms) | frames/s while zooming and panning |");
console.log("|---:|---:|---:|---:|");
for (const row of rows) console.log(`| ${row.nodes} | ${row.edges} | ${row.firstFrameMs} | ${row.fps.toFixed(0)} |`);
