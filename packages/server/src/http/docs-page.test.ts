import { existsSync } from "node:fs";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../test-support/harness.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: install it or set CHROMIUM_PATH`);

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.close());

describe("/docs in a browser", () => {
  it("renders every operation of the OpenAPI document, grouped by API, with no request leaving the server", async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
    try {
      const page = await browser.newPage();
      const foreign: string[] = [];
      page.on("request", (request) => {
        if (!request.url().startsWith(harness.url)) foreign.push(request.url());
      });
      await page.goto(`${harness.url}/docs`);
      await page.locator("details.op").first().waitFor();
      const spec = (await (await fetch(`${harness.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
      const operations = Object.values(spec.paths).reduce((count, methods) => count + Object.keys(methods).length, 0);
      expect(await page.locator("details.op").count()).toBe(operations);
      expect(await page.locator("h2").allTextContents()).toEqual(["Native /v1", "memU Cloud v3 (wire-compatible)", "LangGraph store (wire-compatible)"]);

      const memorize = page.locator("details.op", { hasText: "/v1/memorize" });
      await memorize.locator("summary").click();
      await expect.poll(() => memorize.locator("pre").first().textContent()).toContain("\"async\"");
      expect(foreign).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
