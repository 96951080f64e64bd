export { run } from "./program.js";
export { EXIT, type CliIo } from "./io.js";
