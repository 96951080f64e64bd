import { ValidationError } from "../errors/index.js";

/** How an adapter memorizes after a model call or an agent run. */
export interface MemorizePolicy {
  /** `await` (the call returns once stored), `background` (needs `onError`), or `off`. Default `await`. */
  readonly memorize?: "await" | "background" | "off";
  /** Receives failures. Required in the background; when awaited, the call fails instead if it is absent. */
  readonly onError?: (error: unknown) => void;
}

/** Checks a policy when an adapter is built: a background memorize must have somewhere to report failures. */
export function checkMemorizePolicy(policy: MemorizePolicy): void {
  if (policy.memorize === "background" && policy.onError === undefined) {
    throw new ValidationError("memorize: \"background\" needs onError, so failures are never lost", [{ path: "onError", message: "required in the background" }]);
  }
}

/** Runs `work` under the policy: awaited, in the background with failures reported, or not at all. */
export async function memorizeUnder(policy: MemorizePolicy, work: () => Promise<unknown>): Promise<void> {
  const mode = policy.memorize ?? "await";
  if (mode === "off") return;
  if (mode === "background") {
    work().catch(policy.onError!);
    return;
  }
  try {
    await work();
  } catch (error) {
    if (policy.onError === undefined) throw error;
    policy.onError(error);
  }
}
