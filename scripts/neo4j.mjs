#!/usr/bin/env node
// Starts and stops a local Neo4j Community 5.26 for tests and development, fetched from Maven Central.
//   node scripts/neo4j.mjs start   prints NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD lines and leaves it running
//   node scripts/neo4j.mjs stop
// MEMOGRAPH_NEO4J_HEAP (default 1g) and MEMOGRAPH_NEO4J_PAGECACHE_MIB (default 256) size the server for benchmarks.
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const state = path.join(root, ".neo4j");
// Server state lives in run/ and goes on stop; the Maven classpath beside it is kept as a cache.
const run = path.join(state, "run");
const pidFile = path.join(run, "server.pid");
const envFile = path.join(run, "server.env");
const pom = path.join(root, "scripts", "neo4j", "pom.xml");
const classpathFile = path.join(state, "classpath.txt");
// The harness starts with authentication off; the driver's credentials are accepted as given.
const USER = "neo4j";
const PASSWORD = "memograph";

function classpath() {
  if (!existsSync(classpathFile) || statSync(classpathFile).mtimeMs < statSync(pom).mtimeMs) {
    mkdirSync(state, { recursive: true });
    execFileSync("mvn", ["-q", "-B", "-Dstyle.color=never", "-f", pom, "dependency:build-classpath", `-Dmdep.outputFile=${classpathFile}`], { stdio: ["ignore", process.stderr, process.stderr] });
  }
  return readFileSync(classpathFile, "utf8").trim();
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitForReady(logFile, pid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  const logged = () => (existsSync(logFile) ? readFileSync(logFile, "utf8") : "");
  // The log is appended across restarts: count READY lines from this launch on.
  const before = (logged().match(/^READY /gm) ?? []).length;
  while (Date.now() < deadline) {
    const log = logged();
    if ((log.match(/^READY /gm) ?? []).length > before) return;
    if (!isAlive(pid)) throw new Error(`Neo4j exited during start-up; see ${logFile}:\n${log.slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Neo4j did not start within ${timeoutMs / 1000}s; see ${logFile}`);
}

/**
 * Launches a server process on `port` with its data in `home` and waits until Bolt answers. Tests use it directly
 * to stop and restart a server of their own; `start()` uses it for the shared one.
 */
export async function launch({ port, home, logFile }) {
  const cp = classpath();
  mkdirSync(home, { recursive: true });
  const log = openSync(logFile, "a");
  // Sized for tests unless told otherwise: large benchmarks set MEMOGRAPH_NEO4J_HEAP (e.g. 4g) and
  // MEMOGRAPH_NEO4J_PAGECACHE_MIB (e.g. 4096).
  const heap = process.env.MEMOGRAPH_NEO4J_HEAP ?? "1g";
  const pageCache = process.env.MEMOGRAPH_NEO4J_PAGECACHE_MIB ?? "256";
  if (!/^\d+[mg]$/.test(heap) || !/^\d+$/.test(pageCache)) throw new Error("MEMOGRAPH_NEO4J_HEAP must look like 4g or 512m, MEMOGRAPH_NEO4J_PAGECACHE_MIB like 4096");
  const child = spawn("java", [`-Xmx${heap}`, "-cp", cp, path.join(root, "scripts", "neo4j", "Neo4jServer.java"), String(port), home, pageCache], {
    detached: true,
    stdio: ["ignore", log, log],
  });
  child.unref();
  await waitForReady(logFile, child.pid, 240_000);
  return child.pid;
}

export { freePort };

export async function start() {
  if (existsSync(pidFile) && isAlive(Number(readFileSync(pidFile, "utf8")))) return readFileSync(envFile, "utf8");
  const port = await freePort();
  mkdirSync(run, { recursive: true });
  const pid = await launch({ port, home: path.join(run, "data"), logFile: path.join(run, "server.log") });
  writeFileSync(pidFile, String(pid));
  const env = `NEO4J_URI=bolt://127.0.0.1:${port}\nNEO4J_USER=${USER}\nNEO4J_PASSWORD=${PASSWORD}\n`;
  writeFileSync(envFile, env);
  return env;
}

/** Stops a server process: SIGTERM (a clean shutdown), or SIGKILL when `hard` or when it does not stop in 30 s. */
export async function terminate(pid, { hard = false } = {}) {
  if (!isAlive(pid)) return;
  process.kill(pid, hard ? "SIGKILL" : "SIGTERM");
  const deadline = Date.now() + 30_000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
  if (isAlive(pid)) process.kill(pid, "SIGKILL");
}

export async function stop() {
  if (!existsSync(pidFile)) return;
  await terminate(Number(readFileSync(pidFile, "utf8")));
  rmSync(run, { recursive: true, force: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const command = process.argv[2];
  if (command === "start") process.stdout.write(await start());
  else if (command === "stop") await stop();
  else {
    process.stderr.write("usage: node scripts/neo4j.mjs start|stop\n");
    process.exitCode = 2;
  }
}
