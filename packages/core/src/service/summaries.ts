import { operation, type Engine } from "../engine/engine.js";
import { summarizerFor, type CategorySummarizer } from "../memorize/category-summary.js";

/** CRUD rewrites summaries the way memorize does; its model calls are not reported (CRUD returns records). */
export function crudSummarizer(engine: Engine): CategorySummarizer {
  return summarizerFor(engine, operation(engine, "memorize").session);
}
