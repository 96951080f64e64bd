/**
 * Runs schema work that several processes may start at once on a fresh database. Every statement is idempotent (IF
 * NOT EXISTS, versioned migrations), yet two identical schema statements at the same moment make the loser fail (for
 * example "An equivalent index already exists"); a later pass finds the work done. Up to `passes` passes, each
 * waiting a little longer, and only for Neo4j's schema errors (also when wrapped as a cause).
 */
export async function withSchemaRetries<T>(run: () => Promise<T>, passes = 5): Promise<T> {
  for (let pass = 1; ; pass++) {
    try {
      return await run();
    } catch (error) {
      if (pass >= passes || !isSchemaError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * pass));
    }
  }
}

function isSchemaError(error: unknown): boolean {
  for (let current = error; current !== null && typeof current === "object"; current = (current as { cause?: unknown }).cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^Neo\.[A-Za-z]+Error\.Schema\./.test(code)) return true;
  }
  return false;
}
