// The server side of the HTTP load run, in its own process as it would be deployed: the embedded store in `--dir`,
// no rate limit, no task runner (the load memorizes synchronously). Prints its URL on stdout.
import { parseArgs } from "node:util";
import { HashingEmbedder, createMemory, openEmbeddedServerState } from "@memograph/core";
import { createServer, listen } from "@memograph/server";

const { values } = parseArgs({ options: { dir: { type: "string" } } });
const memory = await createMemory({ dir: values.dir!, embedder: new HashingEmbedder() });
const state = await openEmbeddedServerState({ dir: values.dir! });
// Failures only: a line per request would cost the load run more than it tells.
const server = createServer(memory, { access: state.access, tasks: state.tasks, rateLimit: false, runner: false, log: (entry) => (entry.status >= 500 ? process.stderr.write(`${JSON.stringify(entry)}\n`) : undefined) });
const listener = await listen(server, { port: 0 });
process.stdout.write(`${listener.url}\n`);
process.once("SIGTERM", () => {
  void listener.close().then(async () => {
    await state.close();
    await memory.close();
  });
});
