import { describe, expect, it } from "vitest";
import { workingFolder } from "./working-folder.js";

describe("workingFolder", () => {
  it("takes INIT_CWD only under the workspace's `pnpm memograph` script", () => {
    expect(workingFolder({ npm_lifecycle_event: "memograph", INIT_CWD: "/home/me/project" }, "/repo")).toBe("/home/me/project");
  });

  it("keeps the process's own folder when INIT_CWD is merely inherited from another pnpm script", () => {
    expect(workingFolder({ npm_lifecycle_event: "test", INIT_CWD: "/repo" }, "/tmp/work")).toBe("/tmp/work");
    expect(workingFolder({ INIT_CWD: "/repo" }, "/tmp/work")).toBe("/tmp/work");
    expect(workingFolder({ npm_lifecycle_event: "memograph" }, "/tmp/work")).toBe("/tmp/work");
  });
});
