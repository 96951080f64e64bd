export { MemographError, type MemographErrorCode, type MemographErrorOptions } from "./memograph-error.js";
export { ValidationError } from "./validation-error.js";
export { NotFoundError, type NotFoundKind } from "./not-found-error.js";
export { ResourceRefusedError, ResourceUnreadableError, UnsupportedModalityError } from "./resource-errors.js";
export { StoreMismatchError, StoreFailureError } from "./store-errors.js";
export { ConflictError } from "./conflict-error.js";
export { ModelError, ModelNotConfiguredError, type ModelFailureReason } from "./model-errors.js";
