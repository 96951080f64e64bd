export { Neo4jStore, type Neo4jStoreOptions } from "./store/neo4j-store.js";
export { MIGRATIONS, SCHEMA_VERSION, VECTOR_INDEXES, FULLTEXT_INDEXES, FULLTEXT_FIELDS, type Migration, type Backfill } from "./schema/migrations.js";
export { Neo4jAccessStore } from "./server-state/neo4j-access-store.js";
export { Neo4jTaskStore } from "./server-state/neo4j-task-store.js";
export { openNeo4jServerState } from "./server-state/server-state.js";
export type { Neo4jServerStateOptions } from "./server-state/connection.js";
export type { Neo4jConnectionOptions } from "./connection-options.js";
