import { STATE_SCHEMA } from "../queries/server-state-queries.js";
import { withSchemaRetries } from "../schema/schema-race.js";
import type { StateConnection } from "./connection.js";

/** Creates the constraints and indexes of keys and tasks (IF NOT EXISTS; see withSchemaRetries for the races). */
export async function createStateSchema(connection: StateConnection): Promise<void> {
  await withSchemaRetries(async () => {
    for (const statement of STATE_SCHEMA) await connection.write("create the key and task constraints", (tx) => tx.run(statement));
  });
}
