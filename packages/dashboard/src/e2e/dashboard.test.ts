import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, signIn, startDashboardServer, type DashboardServer } from "./harness.js";

// The dashboard as a person uses it: the real server on 127.0.0.1 serving the built app, driven in headless chromium.

interface Item {
  id: string;
  summary: string;
  scope: Record<string, string>;
  categories: string[];
}

const CAROLINE = [
  { role: "user", name: "Caroline", content: "I started a pottery class at the community centre last week.", createdAt: "2025-05-02T10:00:00Z" },
  { role: "assistant", content: "That sounds lovely! How is it going so far?", createdAt: "2025-05-02T10:00:20Z" },
  { role: "user", name: "Caroline", content: "I love it, my instructor says my bowls are getting better.", createdAt: "2025-05-02T10:01:00Z" },
  { role: "user", name: "Caroline", content: "Also, I am adopting a rescue dog named Biscuit next month.", createdAt: "2025-05-02T10:02:00Z" },
];
const MELANIE = [{ role: "user", name: "Melanie", content: "I play the cello in a community orchestra in Lisbon.", createdAt: "2025-05-03T18:00:00Z" }];
const RECIPES = "Family recipes\n\nCaroline's grandmother taught her to bake rye bread in Tallinn.\n\nShe bakes it every winter for her neighbours.";
const ERIN = [{ role: "user", name: "Erin", content: "I collect vintage postcards from Norway.", createdAt: "2025-05-04T09:00:00Z" }];

let server: DashboardServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  server = await startDashboardServer();
  for (const [userId, content] of [["caroline", CAROLINE], ["melanie", MELANIE], ["erin", ERIN]] as const) {
    await server.call("POST", "/v1/memorize", { userId, content });
  }
  await server.call("POST", "/v1/memorize", { userId: "caroline", content: RECIPES, modality: "document" });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1280, height: 860 }, colorScheme: "light" });
  page = await context.newPage();
  pageErrors = [];
  page.on("pageerror", (error) => pageErrors.push(error.stack ?? error.message));
  // A failed request is logged as a console error: none is expected unless a test says so.
  page.on("console", (message) => message.type() === "error" && pageErrors.push(message.text()));
});

afterEach(async () => {
  await context.close();
  expect(pageErrors).toEqual([]);
});

async function signInAsAdminOf(userId: string) {
  await signIn(page, server.url, server.adminKey);
  await page.getByLabel("Other user id").fill(userId);
  await page.getByLabel("Other user id").press("Enter");
}

async function searchFor(query: string) {
  await page.getByRole("link", { name: "Memories" }).click();
  await page.getByLabel("Search", { exact: true }).fill(query);
  await page.getByRole("button", { name: "Search", exact: true }).click();
}

const itemsOf = async (userId: string) => (await server.call<{ items: Item[] }>("GET", `/v1/items?userId=${userId}&limit=100`)).items;

describe("dashboard in a browser", () => {
  it("signs in with an API key kept in session storage, never in the URL, and shows the overview", async () => {
    await page.goto(server.url);
    await screenshot(page, "sign-in");
    await signInAsAdminOf("caroline");
    await expect(page.getByRole("heading", { name: "Overview of caroline" }).isVisible()).resolves.toBe(true);
    const total = (await itemsOf("caroline")).length;
    await expect(page.locator("section[aria-labelledby=ov-items] .big").textContent()).resolves.toBe(String(total));
    expect(await page.evaluate('sessionStorage.getItem("memograph.apiKey")')).toBe(server.adminKey);
    expect(page.url()).not.toContain(server.adminKey);
    await screenshot(page, "overview");
  });

  it("searches memories with hybrid retrieve and shows each hit's score", async () => {
    await signInAsAdminOf("caroline");
    await searchFor("pottery class");
    const table = page.locator("table.items");
    await table.getByText(/result.* for “pottery class”/).waitFor();
    const first = table.locator("tbody tr").first();
    await expect(first.textContent()).resolves.toContain("pottery");
    await expect(first.locator("td.score").textContent()).resolves.toMatch(/^\d+\.\d{3}$/);
    await screenshot(page, "memories");
  });

  it("asks the server for the memories created in a time range", async () => {
    const total = (await itemsOf("caroline")).length;
    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await signInAsAdminOf("caroline");
    await page.getByRole("link", { name: "Memories" }).click();
    await page.locator("table.items caption").waitFor();
    await page.getByLabel("Created to").fill(yesterday);
    const [request] = await Promise.all([page.waitForRequest((sent) => sent.url().includes("/v1/items?")), page.getByRole("button", { name: "Search", exact: true }).click()]);
    // "Created to" includes its whole day: the API's exclusive `to` is the next midnight.
    expect(new URL(request.url()).searchParams.get("to")).toBe(today);
    await page.locator("table.items caption", { hasText: /^0 memories$/ }).waitFor();
    await page.getByLabel("Created to").fill(today);
    await page.getByLabel("Created from").fill(today);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.locator("table.items caption", { hasText: new RegExp(`^${total} memories$`) }).waitFor();
    expect(page.url()).toContain(`from=${today}`);
    // A search in a time range: the server selects by creation time, so its top hits are all in the range.
    await page.getByLabel("Search", { exact: true }).fill("pottery class");
    await page.getByLabel("Created from").fill("");
    await page.getByLabel("Created to").fill(yesterday);
    const [retrieve] = await Promise.all([page.waitForRequest((sent) => sent.url().endsWith("/v1/retrieve")), page.getByRole("button", { name: "Search", exact: true }).click()]);
    expect(JSON.parse(retrieve.postData()!)).toMatchObject({ query: "pottery class", createdTo: today });
    await page.locator("table.items caption", { hasText: /^0 results for/ }).waitFor();
    // A category, likewise, is the server's to select by.
    const category = (await itemsOf("caroline")).find((item) => /pottery/.test(item.summary))!.categories[0]!;
    await page.getByLabel("Created to").fill("");
    await page.getByLabel("Category").selectOption(category);
    const [inCategory] = await Promise.all([page.waitForRequest((sent) => sent.url().endsWith("/v1/retrieve")), page.getByRole("button", { name: "Search", exact: true }).click()]);
    expect(JSON.parse(inCategory.postData()!)).toMatchObject({ query: "pottery class", categories: [category] });
    await page.locator("table.items tbody tr", { hasText: "pottery" }).first().waitFor();
  });

  it("opens a memory and shows the cited message highlighted in its conversation", async () => {
    await signInAsAdminOf("caroline");
    await searchFor("pottery class");
    await page.locator("table.items tbody tr a", { hasText: "pottery" }).first().click();
    const cited = page.locator(".source-blocks li[data-cited]");
    await cited.first().waitFor();
    await expect(cited.allTextContents()).resolves.toEqual([expect.stringContaining("pottery class at the community centre")]);
    // The rest of the conversation is there too, not highlighted.
    await expect(page.locator(".source-blocks li:not([data-cited])", { hasText: "How is it going" }).count()).resolves.toBe(1);
    await expect(page.getByRole("heading", { name: "Categories" }).isVisible()).resolves.toBe(true);
    await screenshot(page, "memory-detail");
  });

  it("marks the cited passage of a document", async () => {
    await signInAsAdminOf("caroline");
    await searchFor("rye bread");
    await page.locator("table.items tbody tr a", { hasText: "rye bread" }).first().click();
    const cited = page.locator(".source-document mark[data-cited]");
    await cited.waitFor();
    await expect(cited.textContent()).resolves.toBe("Caroline's grandmother taught her to bake rye bread in Tallinn.");
    await expect(page.locator(".source-document").textContent()).resolves.toBe(RECIPES);
  });

  it("is usable from the keyboard: skip link first, then the pages", async () => {
    await signInAsAdminOf("caroline");
    // A fresh load (the key and the chosen user stay in the tab's session storage) starts focus at the top.
    await page.goto(server.url);
    await page.getByRole("heading", { name: "Overview of caroline" }).waitFor();
    await page.keyboard.press("Tab");
    await expect(page.evaluate("document.activeElement.textContent")).resolves.toBe("Skip to content");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await expect(page.evaluate("document.activeElement.textContent")).resolves.toBe("Memories");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Memories" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/memories");
  });

  it("renders category summaries whose citations open the cited memory", async () => {
    await signInAsAdminOf("caroline");
    await page.getByRole("link", { name: "Categories" }).click();
    const citation = page.locator("a.citation").first();
    await citation.waitFor();
    await screenshot(page, "categories");
    const href = await citation.getAttribute("href");
    await citation.click();
    // The cited memory's source is shown with its span marked: messages of a conversation or a passage of a document.
    await page.locator(".source-blocks li[data-cited], .source-document mark[data-cited]").first().waitFor();
    expect(page.url()).toBe(new URL(href!, server.url).href);
  });

  it("draws the Resource → Item → Category graph and opens a node", async () => {
    await signInAsAdminOf("caroline");
    await page.getByRole("link", { name: "Graph" }).click();
    await page.locator("[data-testid=graph][data-rendered=true] canvas").first().waitFor();
    const graph = await server.call<{ nodes: { kind: string }[] }>("GET", "/v1/graph?userId=caroline&limit=1000");
    await expect(page.getByRole("status").filter({ hasText: "nodes" }).textContent()).resolves.toContain(`${graph.nodes.length} nodes`);
    expect(new Set(graph.nodes.map((node) => node.kind))).toEqual(new Set(["resource", "item", "category"]));
    await screenshot(page, "graph");
    await page.getByText("Nodes as a list").click();
    await page.locator(".node-list a", { hasText: "Biscuit" }).first().click();
    await page.locator(".source-blocks li[data-cited]", { hasText: "Biscuit" }).waitFor();
  });

  it("memorizes pasted text as a task with visible progress, then answers a question about it", async () => {
    await signInAsAdminOf("caroline");
    await page.getByRole("link", { name: "Playground" }).click();
    await page.getByLabel("Conversation or document").fill("Caroline: I am training for the Porto half marathon in October.\nMelanie: Good luck with the training!");
    await page.getByRole("button", { name: "Memorize" }).click();
    await page.locator(".badge.succeeded").waitFor({ timeout: 30_000 });
    await expect(page.getByText(/Memorized: \d+ memor/).isVisible()).resolves.toBe(true);
    await page.getByLabel("Question").fill("Which race is Caroline training for?");
    await page.getByRole("button", { name: "Ask" }).click();
    await page.locator(".answers a", { hasText: "marathon" }).first().waitFor();
    await screenshot(page, "playground");
    // The overview shows the model usage the server sums from finished memorize tasks (offline here: no calls).
    const { usage } = await server.call<{ usage: { tasks: number; modelCalls: number } }>("GET", "/v1/stats?userId=caroline");
    expect(usage.tasks).toBe(1);
    await page.getByRole("link", { name: "Overview" }).click();
    const card = page.locator("section[aria-labelledby=ov-usage]");
    await card.getByText("Over 1 finished memorize task").waitFor();
    await expect(card.locator("dd").first().textContent()).resolves.toBe(String(usage.modelCalls));
  });

  it("deletes a memory only after confirmation", async () => {
    const target = (await itemsOf("caroline")).find((item) => item.summary.includes("Biscuit"))!;
    await signInAsAdminOf("caroline");
    await page.goto(new URL(`/memories/${target.id}`, server.url).href);
    await page.getByRole("button", { name: `Delete memory ${target.id}` }).click();
    const dialog = page.getByRole("dialog", { name: "Delete this memory?" });
    await dialog.getByRole("button", { name: "Cancel" }).click();
    expect((await itemsOf("caroline")).map((item) => item.id)).toContain(target.id);
    await page.getByRole("button", { name: `Delete memory ${target.id}` }).click();
    await dialog.getByRole("button", { name: "Delete" }).click();
    await page.waitForURL(/\/memories$/);
    expect((await itemsOf("caroline")).map((item) => item.id)).not.toContain(target.id);
  });

  it("lets an admin create a key and forget a user after typing the user id", async () => {
    await signIn(page, server.url, server.adminKey);
    await page.getByRole("link", { name: "Admin" }).click();
    await page.getByRole("row", { name: /e2e admin/ }).waitFor();
    // Users come from GET /v1/users: every user holding memories, with counts, whether or not a key names them.
    const users = page.locator("section[aria-labelledby=admin-users] tbody tr");
    await users.first().waitFor();
    await expect(users.locator("th").allTextContents()).resolves.toEqual(["caroline", "erin", "melanie"]);
    const caroline = users.filter({ has: page.locator("th", { hasText: /^caroline$/ }) });
    await expect(caroline.locator("td").first().textContent()).resolves.toBe(String((await itemsOf("caroline")).length));
    await page.getByLabel("User id", { exact: true }).fill("melanie");
    await page.getByLabel("Name").fill("melanie's phone");
    await page.getByRole("button", { name: "Create key" }).click();
    await expect(page.getByLabel("New API key secret").textContent()).resolves.toMatch(/\S{20,}/);
    await page.getByRole("row", { name: /melanie's phone/ }).waitFor();
    await screenshot(page, "admin");
    await page.getByRole("button", { name: "Revoke key melanie's phone" }).click();
    await page.getByRole("dialog", { name: "Revoke this key?" }).getByRole("button", { name: "Revoke" }).click();
    await page.getByRole("row", { name: /melanie's phone/ }).getByText(/^revoked/).waitFor();

    await page.getByLabel("User id to erase").fill("erin");
    await page.getByRole("button", { name: "Forget…" }).click();
    const dialog = page.getByRole("dialog", { name: "Forget everything of erin?" });
    const confirm = dialog.getByRole("button", { name: "Forget" });
    await expect(confirm.isDisabled()).resolves.toBe(true);
    await dialog.getByLabel(/Type erin to confirm/).fill("eri");
    await expect(confirm.isDisabled()).resolves.toBe(true);
    await dialog.getByLabel(/Type erin to confirm/).fill("erin");
    await confirm.click();
    await page.getByText(/Forgot erin/).waitFor();
    await expect(itemsOf("erin")).resolves.toEqual([]);
    await page.locator("section[aria-labelledby=admin-users] tbody th", { hasText: /^erin$/ }).waitFor({ state: "detached" });
  });

  it("shows a member key only its own user's memories and no administration", async () => {
    const melanieKey = await server.memberKey("melanie");
    const carolineItem = (await itemsOf("caroline"))[0]!;
    await signIn(page, server.url, melanieKey);
    await expect(page.getByTestId("signed-in-user").textContent()).resolves.toBe("melanie");
    await expect(page.getByRole("link", { name: "Admin" }).count()).resolves.toBe(0);
    await expect(page.getByLabel("User", { exact: true }).count()).resolves.toBe(0);

    await page.getByRole("link", { name: "Memories" }).click();
    const rows = page.locator("table.items tbody tr");
    await rows.first().waitFor();
    const texts = await rows.allTextContents();
    expect(texts.some((text) => text.includes("cello"))).toBe(true);
    expect(texts.some((text) => /pottery|Biscuit|marathon/.test(text))).toBe(false);
    await screenshot(page, "member-memories");

    await page.goto(new URL(`/memories/${carolineItem.id}`, server.url).href);
    await page.getByRole("alert").waitFor();
    await expect(page.getByText(carolineItem.summary).count()).resolves.toBe(0);
    // The refusal is the only failed request: the browser logs it, and nothing else went wrong.
    expect(pageErrors.splice(0)).toEqual([expect.stringMatching(/status of 40[34]/)]);
    await page.goto(new URL("/admin", server.url).href);
    await expect(page.getByRole("alert").textContent()).resolves.toContain("needs an admin key");
  });

  it("switches to the dark theme", async () => {
    await signInAsAdminOf("caroline");
    await page.getByRole("button", { name: "Switch to dark theme" }).click();
    await expect(page.evaluate("document.documentElement.dataset.theme")).resolves.toBe("dark");
    await page.getByRole("link", { name: "Memories" }).click();
    await page.locator("table.items tbody tr").first().waitFor();
    await screenshot(page, "memories-dark");
  });
});
