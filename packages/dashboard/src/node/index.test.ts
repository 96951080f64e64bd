import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { describe, expect, it } from "vitest";
import { dashboardBuilt, dashboardDir } from "./index.js";

describe("dashboardDir", () => {
  it("names the absolute folder of the built app, whose index.html loads its hashed assets", () => {
    expect(isAbsolute(dashboardDir())).toBe(true);
    expect(dashboardBuilt()).toBe(true);
    const html = readFileSync(join(dashboardDir(), "index.html"), "utf8");
    const scripts = [...html.matchAll(/src="\/(assets\/[^"]+\.js)"/g)].map((match) => match[1]!);
    expect(scripts).toHaveLength(1);
    expect(existsSync(join(dashboardDir(), scripts[0]!))).toBe(true);
  });
});
