#!/usr/bin/env node
import { run } from "./program.js";
import { workingFolder } from "./working-folder.js";

// A reader that stops early (`memograph items | head -1`) closes the pipe: stop writing and finish quietly, as
// Unix tools do, instead of dying on an unhandled EPIPE.
let stdoutOpen = true;
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  stdoutOpen = false;
});

process.exitCode = await run(process.argv.slice(2), {
  stdout: (text) => {
    if (stdoutOpen) process.stdout.write(text);
  },
  stderr: (text) => process.stderr.write(text),
  interactive: process.stderr.isTTY === true,
  env: process.env,
  cwd: workingFolder(process.env, process.cwd()),
});
