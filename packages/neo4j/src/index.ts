export { Neo4jStore, type Neo4jStoreOptions } from "./store/neo4j-store.js";
export { MIGRATIONS, SCHEMA_VERSION, VECTOR_INDEXES, FULLTEXT_INDEXES, FULLTEXT_FIELDS, type Migration, type Backfill } from "./schema/migrations.js";
