import type { CliIo } from "./io.js";

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/** Shows a spinner with elapsed time on stderr while `work` runs, only on a terminal. */
export async function withProgress<T>(io: CliIo, label: string, work: Promise<T>): Promise<T> {
  if (!io.interactive) return work;
  const started = Date.now();
  let frame = 0;
  const timer = setInterval(() => {
    io.stderr(`\r${FRAMES[frame++ % FRAMES.length]} ${label} ${((Date.now() - started) / 1000).toFixed(1)}s`);
  }, 100);
  try {
    return await work;
  } finally {
    clearInterval(timer);
    io.stderr("\r\x1b[2K");
  }
}
