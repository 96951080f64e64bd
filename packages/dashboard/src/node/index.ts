import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * The absolute path of the dashboard's built static files (index.html and assets/), for a server to serve at `/`
 * with index.html as the answer for client routes.
 */
export function dashboardDir(): string {
  return fileURLToPath(new URL("../app/", import.meta.url));
}

/** True once `vite build` has produced the files (a source checkout may not have built the app yet). */
export function dashboardBuilt(): boolean {
  return existsSync(fileURLToPath(new URL("../app/index.html", import.meta.url)));
}
