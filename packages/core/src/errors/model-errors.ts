import { MemographError } from "./memograph-error.js";

/** A step needs a model profile (chat, vision, transcription, embedding) that the configuration lacks. */
export class ModelNotConfiguredError extends MemographError {
  constructor(message: string, profile: string) {
    super("MODEL_NOT_CONFIGURED", message, { field: `profiles.${profile}` });
    this.name = "ModelNotConfiguredError";
  }
}

/** Why a model call failed for good, after the retries its kind allows. */
export type ModelFailureReason = "rate_limited" | "server_error" | "timeout" | "unreachable" | "rejected" | "invalid_output";

/** A model call failed after its retries. `cause` keeps the last underlying error. */
export class ModelError extends MemographError {
  readonly reason: ModelFailureReason;
  readonly profile: string;
  readonly step: string;
  readonly attempts: number;

  constructor(message: string, details: { reason: ModelFailureReason; profile: string; step: string; attempts: number; cause?: unknown }) {
    super("MODEL_FAILURE", message, details.cause === undefined ? {} : { cause: details.cause });
    this.name = "ModelError";
    this.reason = details.reason;
    this.profile = details.profile;
    this.step = details.step;
    this.attempts = details.attempts;
  }
}
