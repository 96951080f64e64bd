// Every Cypher statement memograph runs against Neo4j, in one place, readable top to bottom and pasteable into
// Neo4j Browser. All values are parameters. Labels come from the fixed map below, never from input; scope keys are
// read with dynamic property access (`n['scope_' + key]`) from parameters.

import { LOCK_NODE } from "./lock.js";

export const LABELS = { item: "Item", category: "Category", resource: "Resource" } as const;
export type Target = keyof typeof LABELS;

/** True when node `n` lies in the caller's scope: `$conditions` is a list of `{key, values}`. */
const SCOPED = (n: string) => `ALL(c IN $conditions WHERE ${n}['scope_' + c.key] IN c.values) AND ($part IS NULL OR ${n}.part = $part)`;

/** Item filters; each is inert when its parameter is null. */
const ITEM_FILTER = (n: string) =>
  `${n}.status IN $statuses AND ($types IS NULL OR ${n}.type IN $types)
   AND ($happenedAfter IS NULL OR ${n}.happenedAt >= $happenedAfter)
   AND ($happenedBefore IS NULL OR ${n}.happenedAt <= $happenedBefore)
   AND ($idPrefix IS NULL OR ${n}.id STARTS WITH $idPrefix)
   AND ($createdFrom IS NULL OR ${n}.createdAt >= $createdFrom)
   AND ($createdTo IS NULL OR ${n}.createdAt < $createdTo)
   AND ($categories IS NULL OR EXISTS { (${n})-[:IN_CATEGORY]->(c:Category) WHERE c.name IN $categories })`;

const filterFor = (target: Target, n: string) => (target === "item" ? `${SCOPED(n)} AND ${ITEM_FILTER(n)}` : SCOPED(n));

// An item's status decides the category counts below: each write reads it only after it holds the item's lock.

/** Counts item `n` out of its categories' `itemCount` (before it is deleted). */
const UNCOUNT_ITEM = (n: string) => `CALL (${n}) {
      ${LOCK_NODE(n)}
      WITH ${n}
      MATCH (${n})-[:IN_CATEGORY]->(c:Category) WHERE ${n}.status = 'active'
      SET c.itemCount = c.itemCount - 1
    }`;

/** Links item `n` to the categories named in `row.categories` (of `$scopeKey`), counting it in; `linked` says how many were found. */
const LINK_CATEGORIES = (n: string, row: string) => `CALL (${n}, ${row}) {
      UNWIND ${row}.categories AS name
      MATCH (c:Category {nameKey: $scopeKey + '|' + name})
      CREATE (${n})-[:IN_CATEGORY]->(c)
      SET c.itemCount = c.itemCount + CASE WHEN ${n}.status = 'active' THEN 1 ELSE 0 END
      RETURN count(*) AS linked
    }`;

export const ITEM_FIELDS = `.id, .type, .summary, .happenedAt, .contentHash, .reinforcementCount, .lastReinforcedAt, .status, .scope, .metadata, .createdAt, .updatedAt`;
export const RESOURCE_FIELDS = `.id, .uri, .modality, .contentHash, .caption, .text, .scope, .metadata, .createdAt`;
export const CATEGORY_FIELDS = `.id, .name, .description, .summary, .citedItemIds, .scope, .createdAt, .updatedAt`;
/** Category rows as the store reads them, by name. */
const CATEGORY_RETURN = `RETURN n {${CATEGORY_FIELDS}} AS category, n.itemCount AS itemCount
    ORDER BY n.name, n.id`;

export const SCHEMA = {
  readMeta: `MATCH (m:MemographMeta {key: 'schema'}) RETURN m {.version, .embedderId, .dimensions, .partitionKey, .reindexEmbedderId, .reindexDimensions, .reindexPhase} AS meta`,
  writeMeta: `MERGE (m:MemographMeta {key: 'schema'})
    SET m.version = $version, m.embedderId = $embedderId, m.dimensions = $dimensions, m.partitionKey = $partitionKey`,
  vectorIndexDimensions: `SHOW INDEXES YIELD name, type, options WHERE type = 'VECTOR' AND name IN $names
    RETURN name, options.indexConfig['vector.dimensions'] AS dimensions`,
  awaitIndexes: `CALL db.awaitIndexes(300)`,
} as const;

export const WRITE = {
  resourceByHashKey: `MATCH (r:Resource {hashKey: $hashKey}) RETURN r.id AS id`,
  deleteNodes: (target: Target) => `MATCH (n:${LABELS[target]} {scopeKey: $scopeKey}) WHERE n.id IN $ids
    ${target === "item" ? UNCOUNT_ITEM("n") : ""}
    DETACH DELETE n`,
  upsertCategories: `UNWIND $categories AS c
    MERGE (n:Category {nameKey: c.nameKey})
      ON CREATE SET n.id = c.id, n.createdAt = c.createdAt, n.name = c.name, n.itemCount = 0
    SET n += $scopeProps, n.scopeKey = $scopeKey, n.part = $partValue, n.scope = $scopeJson, n.scopeTerms = $scopeTerms,
        n.description = c.description, n.summary = c.summary, n.citedItemIds = c.citedItemIds,
        n.updatedAt = c.updatedAt, n.embedding = c.embedding, n.reindexEmbedding = null`,
  createResource: `CREATE (r:Resource) SET r = $props, r += $scopeProps`,
  itemsOfOtherScopes: `MATCH (n:Item) WHERE n.id IN $ids AND n.scopeKey <> $scopeKey RETURN n.id AS id`,
  /** Replaces each item's properties, sources and category links; each category's `itemCount` follows. */
  upsertItems: `UNWIND $items AS it
    MERGE (n:Item {id: it.props.id})
    ${LOCK_NODE("n")}
    WITH n, it, n.status = 'active' AS wasActive
    SET n += it.props, n += $scopeProps, n.reindexEmbedding = null
    WITH n, it, wasActive
    OPTIONAL MATCH (n)-[old:EXTRACTED_FROM]->()
    DELETE old
    WITH DISTINCT n, it, wasActive
    CALL (n, wasActive) {
      MATCH (n)-[old:IN_CATEGORY]->(c:Category)
      SET c.itemCount = c.itemCount - CASE WHEN wasActive THEN 1 ELSE 0 END
      DELETE old
    }
    CALL (n, it) {
      UNWIND it.sources AS s
      MATCH (r:Resource {id: s.resourceId, scopeKey: $scopeKey})
      CREATE (n)-[:EXTRACTED_FROM {span: s.span, position: s.position, messageIds: s.messageIds}]->(r)
      RETURN count(*) AS sources
    }
    ${LINK_CATEGORIES("n", "it")}
    RETURN n.id AS id, sources = size(it.sources) AND linked = size(it.categories) AS complete`,
  reinforce: `UNWIND $reinforce AS r
    MATCH (n:Item {id: r.itemId, scopeKey: $scopeKey})
    MATCH (res:Resource {id: r.resourceId, scopeKey: $scopeKey})
    SET n.reinforcementCount = n.reinforcementCount + 1, n.lastReinforcedAt = r.at, n.updatedAt = r.at
    CREATE (n)-[:EXTRACTED_FROM {span: r.span, position: COUNT { (n)-[:EXTRACTED_FROM]->() }, messageIds: r.messageIds}]->(res)
    RETURN count(*) AS done`,
  /** `done` counts the links whose two items were both found in the scope. */
  supersede: `UNWIND $supersede AS s
    MATCH (old:Item {id: s.itemId, scopeKey: $scopeKey})
    MATCH (newer:Item {id: s.byItemId, scopeKey: $scopeKey}) WHERE newer <> old
    MERGE (old)-[:SUPERSEDED_BY]->(newer)
    RETURN count(*) AS done`,
  /** Usage is a signal: an item gone or of another scope is skipped. Access counts live on the item node. */
  recordAccesses: `UNWIND $accesses AS a
    MATCH (n:Item {id: a.itemId, scopeKey: a.scopeKey})
    SET n.accessCount = coalesce(n.accessCount, 0) + a.count,
        n.lastAccessedAt = CASE WHEN n.lastAccessedAt IS NULL OR n.lastAccessedAt < a.at THEN a.at ELSE n.lastAccessedAt END`,
  /** Replaces only the category links of existing items of the scope; `complete` is false when a category is missing. */
  relinkItems: `UNWIND $relink AS r
    MATCH (n:Item {id: r.itemId, scopeKey: $scopeKey})
    ${LOCK_NODE("n")}
    WITH n, r
    CALL (n) {
      MATCH (n)-[old:IN_CATEGORY]->(c:Category)
      SET c.itemCount = c.itemCount - CASE WHEN n.status = 'active' THEN 1 ELSE 0 END
      DELETE old
    }
    ${LINK_CATEGORIES("n", "r")}
    RETURN n.id AS id, linked = size(r.categories) AS complete`,
  /**
   * The record is kept as JSON; scope properties as on every node, so reads and forget select it the same way. A
   * scope logs a handful of changes, found through the label's lookup index: no schema migration is needed.
   */
  logCategoryChanges: `UNWIND $changes AS ch
    CREATE (n:CategoryChange) SET n = ch, n += $scopeProps`,
  citeItems: `UNWIND $categories AS c
    MATCH (n:Category {nameKey: c.nameKey})
    OPTIONAL MATCH (n)-[old:CITES]->()
    DELETE old
    WITH DISTINCT n, c
    UNWIND c.citedItemIds AS itemId
    MATCH (i:Item {id: itemId, scopeKey: $scopeKey})
    MERGE (n)-[:CITES]->(i)`,
  /** One batch of an erasure: the caller repeats it until a batch comes back short. */
  forgetBatch: (target: Target | "change") => `MATCH (n:${target === "change" ? "CategoryChange" : LABELS[target]}) WHERE ${SCOPED("n")}
    WITH n LIMIT $batch
    ${target === "item" ? UNCOUNT_ITEM("n") : ""}
    DETACH DELETE n
    RETURN count(*) AS count`,
} as const;

export const READ = {
  resourcesById: `MATCH (n:Resource) WHERE n.id IN $ids AND ${SCOPED("n")} RETURN n {${RESOURCE_FIELDS}} AS resource`,
  resourceByHashKey: `MATCH (n:Resource {hashKey: $hashKey}) RETURN n {${RESOURCE_FIELDS}} AS resource`,
  /** With `byIdPrefix`, the id index is the entry point (a parameter in an `IS NULL OR` would keep the planner off it). */
  pageIds: (target: "item" | "resource", byIdPrefix = false) => `MATCH (n:${LABELS[target]})${byIdPrefix ? ` USING INDEX n:${LABELS[target]}(id) WHERE n.id STARTS WITH $idPrefix AND` : " WHERE"} ${filterFor(target, "n")}
    AND ($afterCreated IS NULL OR n.createdAt > $afterCreated OR (n.createdAt = $afterCreated AND n.id > $afterId))
    RETURN n.id AS id, n.createdAt AS createdAt ORDER BY n.createdAt, n.id LIMIT $limit`,
  /** Items with their provenance (in order) and category names. */
  items: `MATCH (n:Item) WHERE n.id IN $ids AND ${SCOPED("n")}
    CALL (n) {
      OPTIONAL MATCH (n)-[s:EXTRACTED_FROM]->(r:Resource)
      WITH s, r ORDER BY s.position
      RETURN collect(CASE WHEN r IS NULL THEN null ELSE {resourceId: r.id, span: s.span} END) AS sources
    }
    CALL (n) {
      OPTIONAL MATCH (n)-[:IN_CATEGORY]->(c:Category)
      WITH c ORDER BY c.name
      RETURN collect(c.name) AS categories
    }
    RETURN n {${ITEM_FIELDS}} AS item, sources, categories`,
  /** The item's versions along SUPERSEDED_BY both ways, oldest first (older ones at negative depth). */
  itemVersionIds: `MATCH (n:Item {id: $id}) WHERE ${SCOPED("n")}
    CALL (n) {
      MATCH path = (o:Item)-[:SUPERSEDED_BY*0..1000]->(n) RETURN o.id AS id, -length(path) AS depth
      UNION
      MATCH path = (n)-[:SUPERSEDED_BY*1..1000]->(o:Item) RETURN o.id AS id, length(path) AS depth
    }
    WITH id, min(depth) AS depth
    RETURN id ORDER BY depth, id`,
  itemAccesses: `MATCH (n:Item) WHERE n.id IN $ids AND n.accessCount IS NOT NULL AND ${SCOPED("n")}
    RETURN n.id AS itemId, n.accessCount AS count, n.lastAccessedAt AS lastAccessedAt`,
  itemIdsByHash: `MATCH (n:Item {scopeKey: $scopeKey, status: 'active'}) WHERE n.contentHash IN $hashes RETURN n.id AS id`,
  itemIdsFromResource: `MATCH (n:Item)-[:EXTRACTED_FROM]->(:Resource {id: $resourceId}) WHERE ${SCOPED("n")} RETURN DISTINCT n.id AS id`,
  categories: `MATCH (n:Category) WHERE ($ids IS NULL OR n.id IN $ids) AND ${SCOPED("n")}
    ${CATEGORY_RETURN}`,
  categoriesOfItems: `MATCH (i:Item)-[:IN_CATEGORY]->(n:Category) WHERE i.id IN $ids AND ${SCOPED("n")}
    WITH DISTINCT n
    ${CATEGORY_RETURN}`,
  categoryChanges: `MATCH (n:CategoryChange) WHERE ${SCOPED("n")}
    AND ($afterAt IS NULL OR n.at > $afterAt OR (n.at = $afterAt AND n.id > $afterId))
    RETURN n.record AS record, n.at AS at, n.id AS id ORDER BY n.at, n.id LIMIT $limit`,
  categoryItemIds: `MATCH (n:Item {status: 'active'})-[:IN_CATEGORY]->(:Category {id: $categoryId}) WHERE ${SCOPED("n")}
    RETURN n.id AS id ORDER BY n.updatedAt DESC, n.id LIMIT $limit`,
} as const;

/** What the partitions (users) hold: the one listing not bounded by a scope, for administrators. */
export const PARTITIONS = {
  /**
   * The distinct partition values of every label, in order, from each label's `part` index. The conditions are
   * chosen by the caller's flags (a parameter in an `IS NULL OR` would keep the planner off the index).
   */
  values: (after: boolean, prefix: boolean) => {
    const where = `n.part IS NOT NULL${after ? " AND n.part > $after" : ""}${prefix ? " AND n.part STARTS WITH $prefix" : ""}`;
    // Items and resources are indexed on (part, createdAt): naming both properties lets that index answer.
    const each = Object.values(LABELS).map((label) => `MATCH (n:${label}) WHERE ${where}${label === "Category" ? "" : " AND n.createdAt IS NOT NULL"} RETURN DISTINCT n.part AS part ORDER BY part LIMIT $limit`);
    return `CALL () {
      ${each.join("\n      UNION\n      ")}
    }
    RETURN part ORDER BY part LIMIT $limit`;
  },
  /** Each exact scope of these partitions with its count of nodes of each label. */
  scopes: `CALL () {
      MATCH (n:Item) WHERE n.part IN $parts AND n.createdAt IS NOT NULL RETURN n.part AS part, n.scopeKey AS key, min(n.scope) AS scope, count(*) AS items, 0 AS resources, 0 AS categories
      UNION ALL
      MATCH (n:Resource) WHERE n.part IN $parts AND n.createdAt IS NOT NULL RETURN n.part AS part, n.scopeKey AS key, min(n.scope) AS scope, 0 AS items, count(*) AS resources, 0 AS categories
      UNION ALL
      MATCH (n:Category) WHERE n.part IN $parts RETURN n.part AS part, n.scopeKey AS key, min(n.scope) AS scope, 0 AS items, 0 AS resources, count(*) AS categories
    }
    RETURN part, key, scope, items, resources, categories`,
} as const;

export const SEARCH = {
  /** Over-fetches from the vector index, then keeps what is in scope; `fetched` tells whether the index ran dry. */
  vector: (target: Target) => `CALL db.index.vector.queryNodes($index, $fetch, $vector) YIELD node AS n, score
    WITH collect({id: n.id, score: score, keep: ${filterFor(target, "n")}}) AS hits
    RETURN size(hits) AS fetched, [h IN hits WHERE h.keep | {id: h.id, score: h.score}][0..$k] AS hits`,
  /**
   * Exact scan of the scope when the index's neighbourhood held too few of the caller's nodes: through the partition
   * index, or (`byTerms`, for a scope narrower than its partition) the scope's own nodes from the full-text index's
   * scope tokens (`$scopeQuery`, see scope-terms.ts), so one user of a large tenant is not found among all of it.
   */
  vectorExact: (target: Target, byTerms: boolean) => `${byTerms ? "CALL db.index.fulltext.queryNodes($textIndex, $scopeQuery) YIELD node AS n WITH n" : `MATCH (n:${LABELS[target]})`}
    WHERE ${filterFor(target, "n")} AND n.embedding IS NOT NULL
    WITH n, vector.similarity.cosine(n.embedding, $vector) AS score
    RETURN n.id AS id, score ORDER BY score DESC, id LIMIT $k`,
  /**
   * Lucene collects only the best `$fetch` hits of a query already limited to the scope (see scope-terms.ts); the
   * exact scope and the item filters are checked here, and `fetched` tells whether Lucene had more to give.
   */
  text: (target: Target) => `CALL db.index.fulltext.queryNodes($index, $query, {limit: $fetch}) YIELD node AS n, score
    WITH collect({id: n.id, score: score, keep: ${filterFor(target, "n")}}) AS hits
    RETURN size(hits) AS fetched, [h IN hits WHERE h.keep | {id: h.id, score: h.score}][0..$k] AS hits`,
} as const;

/**
 * Re-embedding the whole database (store/vector-reindex.ts). A reindex keeps each node's new vector in
 * `reindexEmbedding` and its target in the meta node (`reindexPhase` 'writing'); finishing records the new identity
 * with `reindexPhase` 'swapping', then moves the vectors over in batches and rebuilds the vector indexes at the new
 * dimension. A node written meanwhile loses its `reindexEmbedding` (see the writes above): it is embedded again.
 */
export const REINDEX = {
  begin: `MATCH (m:MemographMeta {key: 'schema'})
    SET m.reindexEmbedderId = $embedderId, m.reindexDimensions = $dimensions, m.reindexPhase = 'writing'`,
  /** One batch of dropping the vectors of an abandoned reindex; repeated until it counts none. */
  clearBatch: `MATCH (n) WHERE (n:Item OR n:Category OR n:Resource) AND n.reindexEmbedding IS NOT NULL
    WITH n LIMIT $batch
    SET n.reindexEmbedding = null
    RETURN count(*) AS count`,
  pending: (target: Target) => `MATCH (n:${LABELS[target]}) WHERE n.id > $afterId AND n.reindexEmbedding IS NULL
    RETURN n {.id, .summary, .context, .name, .description, .text} AS record ORDER BY n.id LIMIT $limit`,
  write: (target: Target) => `UNWIND $vectors AS v
    MATCH (n:${LABELS[target]} {id: v.id})
    SET n.reindexEmbedding = v.embedding`,
  /** In the transaction that checks nothing is pending: the new identity becomes the database's. */
  startSwap: `MATCH (m:MemographMeta {key: 'schema'}) WHERE m.reindexPhase = 'writing'
      AND NOT EXISTS { MATCH (n:Item) WHERE n.reindexEmbedding IS NULL }
      AND NOT EXISTS { MATCH (n:Category) WHERE n.reindexEmbedding IS NULL }
      AND NOT EXISTS { MATCH (n:Resource) WHERE n.reindexEmbedding IS NULL }
    SET m.embedderId = m.reindexEmbedderId, m.dimensions = m.reindexDimensions, m.reindexPhase = 'swapping'
    RETURN m.dimensions AS dimensions`,
  dropVectorIndex: (name: string) => `DROP INDEX ${name} IF EXISTS`,
  swapBatch: `MATCH (n) WHERE (n:Item OR n:Category OR n:Resource) AND n.reindexEmbedding IS NOT NULL
    WITH n LIMIT $batch
    SET n.embedding = n.reindexEmbedding, n.reindexEmbedding = null
    RETURN count(*) AS count`,
  endSwap: `MATCH (m:MemographMeta {key: 'schema'}) SET m.reindexEmbedderId = null, m.reindexDimensions = null, m.reindexPhase = null`,
} as const;
