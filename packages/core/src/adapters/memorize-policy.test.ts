import { describe, expect, it } from "vitest";
import { checkMemorizePolicy, memorizeUnder } from "./memorize-policy.js";

describe("memorize policy", () => {
  const fail = async () => Promise.reject(new Error("boom"));

  it("awaits by default and throws when no one listens", async () => {
    let done = false;
    await memorizeUnder({}, async () => (done = true));
    expect(done).toBe(true);
    await expect(memorizeUnder({}, fail)).rejects.toThrow("boom");
  });

  it("reports to onError instead of throwing when one is given", async () => {
    const errors: unknown[] = [];
    await memorizeUnder({ onError: (error) => errors.push(error) }, fail);
    expect(errors).toHaveLength(1);
  });

  it("returns at once in the background and reports the failure later", async () => {
    let reported!: (error: unknown) => void;
    const error = new Promise<unknown>((resolve) => (reported = resolve));
    await memorizeUnder({ memorize: "background", onError: reported }, fail);
    expect(await error).toMatchObject({ message: "boom" });
    expect(() => checkMemorizePolicy({ memorize: "background" })).toThrow(expect.objectContaining({ code: "VALIDATION", field: "onError" }));
  });

  it("does nothing when off", async () => {
    let ran = false;
    await memorizeUnder({ memorize: "off" }, async () => (ran = true));
    expect(ran).toBe(false);
  });
});
