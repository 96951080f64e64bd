/**
 * Versioned, idempotent schema migrations. Each runs once per database, in order; every statement is safe to run
 * again (IF NOT EXISTS), so two processes starting at once do no harm. The vector index dimension is a parameter.
 */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly statements: readonly string[];
  /**
   * Fills, after the statements, what Cypher alone cannot compute, a batch at a time until `read` finds nothing.
   * Safe to repeat and to run from two processes at once.
   */
  readonly backfill?: Backfill;
}

/** A backfill batch: `read` returns `{id, scope}` rows still to fill, `write` sets `$rows` (`{id, scopeTerms}`). */
export interface Backfill {
  readonly read: string;
  readonly write: string;
}

export const VECTOR_INDEXES = { item: "memograph_item_embedding", category: "memograph_category_embedding", resource: "memograph_resource_embedding" } as const;
export const FULLTEXT_INDEXES = { item: "memograph_item_search", category: "memograph_category_search", resource: "memograph_resource_search" } as const;
/**
 * The text properties each label's full-text index searches, with their boosts: an item's `context` (the source
 * passage it comes from) counts half. `scopeTerms` (see scope-terms.ts) is indexed too, and only narrows.
 */
export const FULLTEXT_FIELDS = {
  item: { summary: 1, context: 0.5 },
  category: { name: 1, description: 1, summary: 1 },
  resource: { caption: 1, text: 1 },
} as const;

const fulltextIndex = (name: string, label: string, fields: Readonly<Record<string, number>>) =>
  `CREATE FULLTEXT INDEX ${name} IF NOT EXISTS FOR (n:${label}) ON EACH [${[...Object.keys(fields), "scopeTerms"].map((field) => `n.${field}`).join(", ")}]
   OPTIONS {indexConfig: {\`fulltext.analyzer\`: 'english'}}`;

/** A vector index at dimension `$dimensions` (a parameter). */
export const vectorIndex = (name: string, label: string) =>
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
      `CREATE FULLTEXT INDEX memograph_item_text IF NOT EXISTS FOR (n:Item) ON EACH [n.summary] OPTIONS {indexConfig: {\`fulltext.analyzer\`: 'english'}}`,
      `CREATE FULLTEXT INDEX memograph_category_text IF NOT EXISTS FOR (n:Category) ON EACH [n.name, n.description, n.summary] OPTIONS {indexConfig: {\`fulltext.analyzer\`: 'english'}}`,
      `CREATE FULLTEXT INDEX memograph_resource_text IF NOT EXISTS FOR (n:Resource) ON EACH [n.caption, n.text] OPTIONS {indexConfig: {\`fulltext.analyzer\`: 'english'}}`,
    ],
  },
  {
    version: 2,
    description: "full-text indexes that also hold each node's scope tokens, so a search is limited to the scope inside Lucene",
    statements: [
      "DROP INDEX memograph_item_text IF EXISTS",
      "DROP INDEX memograph_category_text IF EXISTS",
      "DROP INDEX memograph_resource_text IF EXISTS",
      fulltextIndex(FULLTEXT_INDEXES.item, "Item", FULLTEXT_FIELDS.item),
      fulltextIndex(FULLTEXT_INDEXES.category, "Category", FULLTEXT_FIELDS.category),
      fulltextIndex(FULLTEXT_INDEXES.resource, "Resource", FULLTEXT_FIELDS.resource),
    ],
    backfill: {
      read: `MATCH (n) WHERE (n:Item OR n:Category OR n:Resource) AND n.scopeTerms IS NULL
        RETURN elementId(n) AS id, n.scope AS scope LIMIT 5000`,
      write: `UNWIND $rows AS row MATCH (n) WHERE elementId(n) = row.id SET n.scopeTerms = row.scopeTerms`,
    },
  },
  {
    version: 3,
    description: "each category keeps its count of active items (`itemCount`), so a category list does not count them",
    statements: ["MATCH (c:Category) SET c.itemCount = COUNT { (i:Item {status: 'active'})-[:IN_CATEGORY]->(c) }"],
  },
  {
    version: 4,
    description: "supersession as a graph: (:Item)-[:SUPERSEDED_BY]->(:Item), backfilled from each item's metadata.supersededBy",
    // Metadata is stored as compact JSON (JSON.stringify) and item ids hold no quotes, so the id is the text
    // between `"supersededBy":"` and the next quote; the link is made only to an item of the same scope.
    statements: [
      `MATCH (old:Item) WHERE old.metadata CONTAINS '"supersededBy":"'
       WITH old, split(split(old.metadata, '"supersededBy":"')[1], '"')[0] AS newerId
       MATCH (newer:Item {id: newerId}) WHERE newer.scopeKey = old.scopeKey AND newer <> old
       MERGE (old)-[:SUPERSEDED_BY]->(newer)`,
    ],
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
