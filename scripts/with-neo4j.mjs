#!/usr/bin/env node
// Runs a command with a Neo4j server available through NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD:
// - NEO4J_URI already set: that server is used as is;
// - else, where a Docker engine answers: Neo4j 5.26 Community in a container (Testcontainers);
// - else: Neo4j 5.26 Community from Maven Central, run by scripts/neo4j.mjs.
// A server this script started is stopped afterwards.
import { spawnSync } from "node:child_process";
import { start, stop } from "./neo4j.mjs";

const [command, ...args] = process.argv.slice(2);
if (command === undefined) {
  process.stderr.write("usage: node scripts/with-neo4j.mjs <command> [args...]\n");
  process.exit(2);
}

const dockerAvailable = () => spawnSync("docker", ["info"], { stdio: "ignore" }).status === 0;

/** Starts a server and returns its connection and how to stop it. */
async function startServer() {
  if (dockerAvailable()) {
    const { Neo4jContainer } = await import("@testcontainers/neo4j");
    const container = await new Neo4jContainer("neo4j:5.26-community").withPassword("memograph").start();
    return { env: { NEO4J_URI: container.getBoltUri(), NEO4J_USER: container.getUsername(), NEO4J_PASSWORD: container.getPassword() }, stop: () => container.stop() };
  }
  const lines = await start();
  const env = Object.fromEntries(lines.trim().split("\n").map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]));
  return { env, stop };
}

const env = { ...process.env };
let server;
if (!env.NEO4J_URI) {
  process.stderr.write("Starting Neo4j 5.26 for the tests...\n");
  server = await startServer();
  Object.assign(env, server.env);
  process.stderr.write(`Neo4j is up at ${env.NEO4J_URI}\n`);
}
let status = 1;
try {
  status = spawnSync(command, args, { stdio: "inherit", env }).status ?? 1;
} finally {
  await server?.stop();
}
process.exit(status);
