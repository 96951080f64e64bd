#!/usr/bin/env node
// Runs a command with a Neo4j server available through NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD.
// When NEO4J_URI is already set, that server is used as is; otherwise a local one is started and stopped after.
import { spawnSync } from "node:child_process";
import { start, stop } from "./neo4j.mjs";

const [command, ...args] = process.argv.slice(2);
if (command === undefined) {
  process.stderr.write("usage: node scripts/with-neo4j.mjs <command> [args...]\n");
  process.exit(2);
}

let started = false;
const env = { ...process.env };
if (!env.NEO4J_URI) {
  process.stderr.write("Starting Neo4j 5.26 for the tests...\n");
  const lines = await start();
  started = true;
  for (const line of lines.trim().split("\n")) {
    const [key, ...value] = line.split("=");
    env[key] = value.join("=");
  }
  process.stderr.write(`Neo4j is up at ${env.NEO4J_URI}\n`);
}
let status = 1;
try {
  status = spawnSync(command, args, { stdio: "inherit", env, shell: process.platform === "win32" }).status ?? 1;
} finally {
  if (started) await stop();
}
process.exit(status);
