/**
 * Versioned, idempotent schema migrations. Each runs once per database, in order; every statement is safe to run
 * again (IF NOT EXISTS), so two processes starting at once do no harm. The vector index dimension is a parameter.
 */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly statements: readonly string[];
}

export const VECTOR_INDEXES = { item: "memograph_item_embedding", category: "memograph_category_embedding", resource: "memograph_resource_embedding" } as const;
export const FULLTEXT_INDEXES = { item: "memograph_item_text", category: "memograph_category_text", resource: "memograph_resource_text" } as const;

const vectorIndex = (name: string, label: string) =>
  `CREATE VECTOR INDEX ${name} IF NOT EXISTS FOR (n:${label}) ON n.embedding
   OPTIONS {indexConfig: {\`vector.dimensions\`: $dimensions, \`vector.similarity_function\`: 'cosine'}}`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "constraints, scope and time indexes, vector and full-text indexes",
    statements: [
      "CREATE CONSTRAINT memograph_resource_id IF NOT EXISTS FOR (n:Resource) REQUIRE n.id IS UNIQUE",
      "CREATE CONSTRAINT memograph_item_id IF NOT EXISTS FOR (n:Item) REQUIRE n.id IS UNIQUE",
      "CREATE CONSTRAINT memograph_category_id IF NOT EXISTS FOR (n:Category) REQUIRE n.id IS UNIQUE",
      // One resource per (scope, content hash) and one category per (scope, name): the keys are `scopeKey|value`.
      "CREATE CONSTRAINT memograph_resource_hash IF NOT EXISTS FOR (n:Resource) REQUIRE n.hashKey IS UNIQUE",
      "CREATE CONSTRAINT memograph_category_name IF NOT EXISTS FOR (n:Category) REQUIRE n.nameKey IS UNIQUE",
      "CREATE INDEX memograph_item_part IF NOT EXISTS FOR (n:Item) ON (n.part, n.createdAt)",
      "CREATE INDEX memograph_item_scope_hash IF NOT EXISTS FOR (n:Item) ON (n.scopeKey, n.contentHash)",
      "CREATE INDEX memograph_item_happened IF NOT EXISTS FOR (n:Item) ON (n.happenedAt)",
      "CREATE INDEX memograph_resource_part IF NOT EXISTS FOR (n:Resource) ON (n.part, n.createdAt)",
      "CREATE INDEX memograph_category_part IF NOT EXISTS FOR (n:Category) ON (n.part)",
      vectorIndex(VECTOR_INDEXES.item, "Item"),
      vectorIndex(VECTOR_INDEXES.category, "Category"),
      vectorIndex(VECTOR_INDEXES.resource, "Resource"),
      `CREATE FULLTEXT INDEX ${FULLTEXT_INDEXES.item} IF NOT EXISTS FOR (n:Item) ON EACH [n.summary] OPTIONS {indexConfig: {\`fulltext.analyzer\`: 'english'}}`,
      `CREATE FULLTEXT INDEX ${FULLTEXT_INDEXES.category} IF NOT EXISTS FOR (n:Category) ON EACH [n.name, n.description, n.summary] OPTIONS {indexConfig: {\`fulltext.analyzer\`: 'english'}}`,
      `CREATE FULLTEXT INDEX ${FULLTEXT_INDEXES.resource} IF NOT EXISTS FOR (n:Resource) ON EACH [n.caption, n.text] OPTIONS {indexConfig: {\`fulltext.analyzer\`: 'english'}}`,
    ],
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
