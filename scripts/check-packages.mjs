#!/usr/bin/env node
// Proves the packages work as published: packs every public package, lints each tarball (publint, and
// @arethetypeswrong/cli for its type declarations), installs the tarballs with npm into a fresh project outside the
// workspace, and runs the quickstart, one example per adapter and the CLI from there. Also checks that the
// changesets make a valid version plan. Run after `pnpm build`.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const work = mkdtempSync(path.join(tmpdir(), "memograph-packages-"));
const tarballs = path.join(work, "tarballs");
const app = path.join(work, "app");

const run = (command, args, options = {}) => execFileSync(command, args, { stdio: ["ignore", "pipe", "inherit"], encoding: "utf8", ...options });
const started = Date.now();
const step = (text) => process.stderr.write(`check-packages [${((Date.now() - started) / 1000).toFixed(0)} s]: ${text}\n`);

// The frameworks an adapter's user already has: installed beside the tarballs, as the user's own copies.
const USER_DEPENDENCIES = ["ai@^7.0.173", "@ai-sdk/openai@^4.0.118", "@ai-sdk/provider@^4.0.0", "@langchain/core@^1.4.0", "@langchain/langgraph@^1.7.3", "langchain@^1.5.14"];

// Each example (its built files, run from the installed project) and a line its output must hold.
const EXAMPLES = [
  { name: "quickstart", expect: /Memorized \d+ memories in \d+ categories/, copy: ["conversation.json"] },
  { name: "ai-sdk", expect: /Going by what I remember:/ },
  { name: "langchain-agent", expect: /<memories>/ },
  { name: "langgraph-agent", expect: /\[thread-2\]/ },
];

try {
  step("changeset status");
  run("pnpm", ["exec", "changeset", "status"], { cwd: root });

  const packages = readdirSync(path.join(root, "packages"))
    .map((name) => path.join(root, "packages", name))
    .filter((dir) => !JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).private);
  mkdirSync(tarballs, { recursive: true });
  for (const dir of packages) run("pnpm", ["pack", "--pack-destination", tarballs], { cwd: dir });
  const files = readdirSync(tarballs).map((file) => path.join(tarballs, file));
  if (files.length !== packages.length) throw new Error(`packed ${files.length} tarballs for ${packages.length} packages`);

  for (const file of files) {
    step(`publint and attw ${path.basename(file)}`);
    run("pnpm", ["exec", "publint", "run", "--strict", file], { cwd: root });
    // ESM only, by design: the CommonJS and node10 resolutions are not offered.
    run("pnpm", ["exec", "attw", file, "--profile", "esm-only", "--format", "ascii"], { cwd: root });
  }

  step(`npm install of ${files.length} tarballs into ${app}`);
  mkdirSync(app, { recursive: true });
  writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "memograph-install-check", private: true, type: "module" }, null, 2));
  // better-sqlite3 builds from source when its prebuilt binary cannot be downloaded; the system's Node headers
  // spare node-gyp a download.
  // onnxruntime-node's install script fetches CUDA libraries from NuGet, which our machines cannot reach; its CPU
  // binary is in its tarball, and ONNXRUNTIME_NODE_INSTALL=skip is its documented way to skip the fetch.
  const env = { ...process.env, npm_config_nodedir: process.env.npm_config_nodedir ?? "/usr", npm_config_fund: "false", npm_config_audit: "false", npm_config_update_notifier: "false", ONNXRUNTIME_NODE_INSTALL: "skip" };
  run("npm", ["install", "--no-package-lock", ...files, ...USER_DEPENDENCIES], { cwd: app, env, stdio: ["ignore", "inherit", "inherit"] });

  // An adapter must use the user's copy of its framework, never bring a second one.
  for (const name of ["ai", "@langchain/core", "@langchain/langgraph", "@langchain/langgraph-checkpoint", "@memograph/core"]) {
    const copies = new Set(JSON.parse(run("npm", ["query", `[name="${name}"]`], { cwd: app, env })).map((node) => node.path));
    if (copies.size !== 1) throw new Error(`${name} is installed ${copies.size} times: ${[...copies].join(", ")}`);
  }

  for (const example of EXAMPLES) {
    step(`example ${example.name}`);
    const target = path.join(app, "examples", example.name);
    cpSync(path.join(root, "examples", example.name, "dist"), path.join(target, "dist"), { recursive: true });
    for (const file of example.copy ?? []) cpSync(path.join(root, "examples", example.name, file), path.join(target, file));
    const stdout = run(process.execPath, [path.join(target, "dist", "main.js")], { cwd: app, env: { ...env, OPENAI_API_KEY: "" } });
    if (!example.expect.test(stdout)) throw new Error(`example ${example.name} printed no ${example.expect}:\n${stdout}`);
  }

  step("the installed CLI");
  const cli = (...args) => run(path.join(app, "node_modules", ".bin", "memograph"), [...args, "--dir", path.join(app, ".memograph"), "--user", "nadia"], { cwd: app, env });
  const fixture = path.join(app, "nadia-tomas.json");
  cpSync(path.join(root, "fixtures", "locomo", "nadia-tomas.json"), fixture);
  cli("memorize", fixture);
  const found = JSON.parse(cli("retrieve", "When did Nadia go to the bouldering meetup?", "--json"));
  if (!found.items.some((item) => item.summary.includes("bouldering meetup"))) throw new Error(`the installed CLI did not retrieve the meetup:\n${JSON.stringify(found.items.slice(0, 3))}`);
  process.stdout.write(`check-packages: ${files.length} packages packed, linted, installed with npm and run outside the workspace\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
