import type { ServerState } from "@memograph/core";
import { StateConnection, type Neo4jServerStateOptions } from "./connection.js";
import { Neo4jAccessStore } from "./neo4j-access-store.js";
import { Neo4jTaskStore } from "./neo4j-task-store.js";

/** Opens and initialises the server's keys and tasks in Neo4j, both over one driver. */
export async function openNeo4jServerState(options: Neo4jServerStateOptions = {}): Promise<ServerState> {
  const connection = new StateConnection(options);
  const access = new Neo4jAccessStore(connection.borrow());
  const tasks = new Neo4jTaskStore(connection.borrow());
  try {
    await access.init();
    await tasks.init();
  } catch (error) {
    await connection.close();
    throw error;
  }
  return { access, tasks, close: () => connection.close() };
}
