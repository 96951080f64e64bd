/**
 * The folder relative paths (`--dir`, input files) resolve against. The workspace's own `pnpm memograph` script runs
 * in the repository root, so there pnpm's INIT_CWD names where the user typed the command. Any other process that
 * merely inherits INIT_CWD (a user's build script, a test runner started by pnpm) keeps its own working folder.
 */
export function workingFolder(env: NodeJS.ProcessEnv, cwd: string): string {
  return env.npm_lifecycle_event === "memograph" && env.INIT_CWD ? env.INIT_CWD : cwd;
}
