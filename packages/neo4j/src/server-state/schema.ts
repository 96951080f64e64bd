import { STATE_SCHEMA } from "../queries/server-state-queries.js";
import type { StateConnection } from "./connection.js";

/**
 * Creates the constraints and indexes of keys and tasks. Every statement is IF NOT EXISTS; when two processes create
 * the same one at the same moment, the loser's error is followed by a second pass that finds it.
 */
export async function createStateSchema(connection: StateConnection): Promise<void> {
  for (let pass = 1; ; pass++) {
    try {
      for (const statement of STATE_SCHEMA) await connection.write("create the key and task constraints", (tx) => tx.run(statement));
      return;
    } catch (error) {
      if (pass === 2) throw error;
    }
  }
}
