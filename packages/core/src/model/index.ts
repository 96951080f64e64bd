export * from "./scope.js";
export * from "./span.js";
export * from "./memory-types.js";
export * from "./resource.js";
export * from "./item.js";
export * from "./category.js";
export * from "./category-change.js";
export { scopedItemId } from "./scoped-id.js";
