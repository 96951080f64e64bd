import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

// From the package root, so the path is the same whether this runs built (dist/node) or from source (src/node).
const APP = new URL("../../dist/app/", import.meta.url);

/**
 * The absolute path of the dashboard's built static files (index.html and assets/), for a server to serve at `/`
 * with index.html as the answer for client routes.
 */
export function dashboardDir(): string {
  return fileURLToPath(APP);
}

/** True once `vite build` has produced the files (a source checkout may not have built the app yet). */
export function dashboardBuilt(): boolean {
  return existsSync(fileURLToPath(new URL("index.html", APP)));
}
