import { createRequire } from "node:module";

/** The package version, from its package.json (one source of truth). */
export const SERVER_VERSION: string = (createRequire(import.meta.url)("../package.json") as { version: string }).version;
