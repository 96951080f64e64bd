/**
 * Schema version 8 of the embedded store. Vector tables are created separately: their dimension is the embedder's.
 * Version 2 replaced FTS5 by memograph's own keyword index and added the scope registry; version 3 keeps each
 * category's count of active items; version 4 keeps the SUPERSEDED_BY links between item versions and each item's
 * access counts; version 5 keeps the log of category reorganisations; version 6 keeps BM25's statistics per partition
 * instead of per table; version 7 writes a new row's keyword entries with its write, not by trigger; version 8 keys the
 * postings by (term, scope, count, length, row) instead of (term, scope, row) (see migrations.ts).
 */
export const SCHEMA_VERSION = 8;

export const VECTOR_TABLES = { item: "items_vec", category: "categories_vec", resource: "resources_vec" } as const;
export const NODE_TABLES = { item: "items", category: "categories", resource: "resources" } as const;
export const POSTINGS_TABLES = { item: "items_postings", category: "categories_postings", resource: "resources_postings" } as const;

export type NodeTable = (typeof NODE_TABLES)[keyof typeof NODE_TABLES];

export const META_SQL = "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);";

/**
 * Every node row carries its keyword terms (`keywords`, a JSON object term → count, computed by the store; an item's
 * context counts half) and their total (`keyword_len`). These triggers keep, in the same transaction as the row:
 * - the scope registry: one row per distinct scope (`sid`) with how many nodes of each table it holds, so a read
 *   resolves its scope conditions against a few registry rows instead of every node's JSON; a scope's row goes when
 *   it holds nothing, so a forgotten user leaves neither terms nor scope values behind;
 * - the postings, clustered by (term, scope, count, length): a one-user search reads only that user's part of each
 *   list, and within it the postings come in runs of one count ordered by length, so by their BM25 contribution (a
 *   long list is read from its best postings down, see keyword-index.ts); and each
 *   term's document count and the totals of the node's partition, for BM25 (KEYWORD_STATISTICS_SQL). A deleted or
 *   rekeyed row's entries are kept here; a new row's are written by its write, in key order (new-row-keywords.ts).
 */
function indexTriggers(table: NodeTable): string {
  const postings = `${table}_postings`;
  const sid = (row: "new" | "old") => `(SELECT sid FROM scopes WHERE scope_key = ${row}.scope_key)`;
  const add = `
  INSERT INTO ${postings} (term, sid, rid, tf, len) SELECT key, ${sid("new")}, new.rid, value, new.keyword_len FROM json_each(new.keywords);
  INSERT INTO keyword_terms (tbl, part, term, docs) SELECT '${table}', new.part, key, 1 FROM json_each(new.keywords) WHERE true
    ON CONFLICT DO UPDATE SET docs = docs + 1;`;
  const remove = `
  DELETE FROM ${postings} WHERE (term, sid, tf, len, rid) IN (SELECT key, ${sid("old")}, value, old.keyword_len, old.rid FROM json_each(old.keywords));
  UPDATE keyword_terms SET docs = docs - 1 WHERE tbl = '${table}' AND part = old.part AND term IN (SELECT key FROM json_each(old.keywords));
  DELETE FROM keyword_terms WHERE tbl = '${table}' AND part = old.part AND docs = 0 AND term IN (SELECT key FROM json_each(old.keywords));`;
  return `
CREATE TABLE IF NOT EXISTS ${postings} (
  term TEXT NOT NULL, sid INTEGER NOT NULL, rid INTEGER NOT NULL, tf NUMERIC NOT NULL, len NUMERIC NOT NULL,
  PRIMARY KEY (term, sid, tf, len, rid)
) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS ${table}_added AFTER INSERT ON ${table} BEGIN
  INSERT INTO scopes (scope_key, part, scope) VALUES (new.scope_key, new.part, new.scope) ON CONFLICT DO NOTHING;
  UPDATE scopes SET ${table} = ${table} + 1 WHERE scope_key = new.scope_key;
END;
CREATE TRIGGER IF NOT EXISTS ${table}_removed AFTER DELETE ON ${table} BEGIN${remove}
  UPDATE keyword_totals SET docs = docs - 1, tokens = tokens - old.keyword_len WHERE tbl = '${table}' AND part = old.part;
  DELETE FROM keyword_totals WHERE tbl = '${table}' AND part = old.part AND docs = 0;
  UPDATE scopes SET ${table} = ${table} - 1 WHERE scope_key = old.scope_key;
  DELETE FROM scopes WHERE scope_key = old.scope_key AND items = 0 AND resources = 0 AND categories = 0;
END;
CREATE TRIGGER IF NOT EXISTS ${table}_rekeyed AFTER UPDATE OF keywords, keyword_len ON ${table} BEGIN${remove}${add}
  UPDATE keyword_totals SET tokens = tokens - old.keyword_len + new.keyword_len WHERE tbl = '${table}' AND part = new.part;
END;`;
}

/**
 * BM25's statistics, per partition (the scope's first key, a tenant): how many of a partition's nodes hold each term,
 * and how many nodes and terms it holds. A tenant's scores never depend on another tenant's words; a read over several
 * partitions adds theirs up. A partition's rows go when it holds nothing.
 */
export const KEYWORD_STATISTICS_SQL = `
CREATE TABLE IF NOT EXISTS keyword_terms (tbl TEXT NOT NULL, part TEXT NOT NULL, term TEXT NOT NULL, docs INTEGER NOT NULL, PRIMARY KEY (tbl, part, term)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS keyword_totals (tbl TEXT NOT NULL, part TEXT NOT NULL, docs INTEGER NOT NULL, tokens NUMERIC NOT NULL, PRIMARY KEY (tbl, part)) WITHOUT ROWID;`;

/** Tables, indexes and triggers that both a new store and a migrated one get (all IF NOT EXISTS). */
export const INDEX_SQL = `
CREATE TABLE IF NOT EXISTS scopes (
  sid INTEGER PRIMARY KEY,
  scope_key TEXT NOT NULL UNIQUE,
  part TEXT NOT NULL,
  scope TEXT NOT NULL,
  items INTEGER NOT NULL DEFAULT 0,
  resources INTEGER NOT NULL DEFAULT 0,
  categories INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS scopes_part ON scopes (part);

${KEYWORD_STATISTICS_SQL}
${Object.values(NODE_TABLES).map(indexTriggers).join("\n")}
`;

/**
 * Each category's count of active items (`categories.item_count`), kept by triggers in the write's transaction so a
 * category list never counts its items: a link carries whether its item is active, and a status change flips its
 * links. Deleting an item or a category deletes its links (foreign key cascade), which fires the unlink trigger.
 */
export const CATEGORY_COUNT_SQL = `
CREATE TRIGGER IF NOT EXISTS item_categories_linked AFTER INSERT ON item_categories WHEN new.active BEGIN
  UPDATE categories SET item_count = item_count + 1 WHERE id = new.category_id;
END;
CREATE TRIGGER IF NOT EXISTS item_categories_unlinked AFTER DELETE ON item_categories WHEN old.active BEGIN
  UPDATE categories SET item_count = item_count - 1 WHERE id = old.category_id;
END;
CREATE TRIGGER IF NOT EXISTS item_categories_flipped AFTER UPDATE OF active ON item_categories WHEN new.active <> old.active BEGIN
  UPDATE categories SET item_count = item_count + new.active - old.active WHERE id = new.category_id;
END;
CREATE TRIGGER IF NOT EXISTS items_status_changed AFTER UPDATE OF status ON items WHEN (new.status = 'active') <> (old.status = 'active') BEGIN
  UPDATE item_categories SET active = (new.status = 'active') WHERE item_id = new.id;
END;
`;

/**
 * An item's version links, `(:Item)-[:SUPERSEDED_BY]->(:Item)` as rows, and its access counts (kept apart from the
 * item row, so recording a use rewrites neither the row nor its index entries). Deleting an item deletes both.
 */
export const ITEM_TRAIL_SQL = `
CREATE TABLE IF NOT EXISTS item_supersessions (
  item_id TEXT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
  by_item_id TEXT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
  PRIMARY KEY (item_id, by_item_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS item_supersessions_by ON item_supersessions (by_item_id);

CREATE TABLE IF NOT EXISTS item_accesses (
  item_id TEXT PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,
  count INTEGER NOT NULL,
  last_accessed_at TEXT NOT NULL
) WITHOUT ROWID;
`;

/**
 * The category change log: one row per split or merge, the record as JSON. Rows carry their scope themselves (reads
 * filter on `part` and the scope JSON, not the scope registry), so a log outlives neither its scope's `forget` nor
 * the registry row of a scope whose nodes are gone.
 */
export const CATEGORY_CHANGES_SQL = `
CREATE TABLE IF NOT EXISTS category_changes (
  id TEXT PRIMARY KEY,
  scope TEXT NOT NULL,
  scope_key TEXT NOT NULL,
  part TEXT NOT NULL,
  at TEXT NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS category_changes_page ON category_changes (part, at, id);
`;

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS resources (
  rid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  scope TEXT NOT NULL,
  scope_key TEXT NOT NULL,
  part TEXT NOT NULL,
  uri TEXT NOT NULL,
  modality TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  caption TEXT,
  text TEXT NOT NULL,
  metadata TEXT NOT NULL,
  created_at TEXT NOT NULL,
  keywords TEXT NOT NULL DEFAULT '{}',
  keyword_len NUMERIC NOT NULL DEFAULT 0,
  UNIQUE (scope_key, content_hash)
);
CREATE INDEX IF NOT EXISTS resources_page ON resources (part, created_at, id);

CREATE TABLE IF NOT EXISTS items (
  rid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  scope TEXT NOT NULL,
  scope_key TEXT NOT NULL,
  part TEXT NOT NULL,
  type TEXT NOT NULL,
  summary TEXT NOT NULL,
  happened_at TEXT,
  content_hash TEXT NOT NULL,
  reinforcement_count INTEGER NOT NULL,
  last_reinforced_at TEXT,
  status TEXT NOT NULL,
  metadata TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  context TEXT,
  keywords TEXT NOT NULL DEFAULT '{}',
  keyword_len NUMERIC NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS items_hash ON items (scope_key, content_hash);
CREATE INDEX IF NOT EXISTS items_page ON items (part, created_at, id);

CREATE TABLE IF NOT EXISTS item_sources (
  item_id TEXT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
  resource_id TEXT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
  span TEXT NOT NULL,
  position INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS item_sources_item ON item_sources (item_id);
CREATE INDEX IF NOT EXISTS item_sources_resource ON item_sources (resource_id);

CREATE TABLE IF NOT EXISTS categories (
  rid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  scope TEXT NOT NULL,
  scope_key TEXT NOT NULL,
  part TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  summary TEXT NOT NULL,
  cited TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  keywords TEXT NOT NULL DEFAULT '{}',
  keyword_len NUMERIC NOT NULL DEFAULT 0,
  item_count INTEGER NOT NULL DEFAULT 0,
  UNIQUE (scope_key, name)
);
CREATE INDEX IF NOT EXISTS categories_part ON categories (part);

CREATE TABLE IF NOT EXISTS item_categories (
  item_id TEXT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
  category_id TEXT NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
  active INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (item_id, category_id)
);
CREATE INDEX IF NOT EXISTS item_categories_category ON item_categories (category_id);
${ITEM_TRAIL_SQL}
${CATEGORY_CHANGES_SQL}
${INDEX_SQL}
${CATEGORY_COUNT_SQL}`;

export function vectorTableSql(dimensions: number): string {
  return Object.values(VECTOR_TABLES)
    .map((table) => `CREATE VIRTUAL TABLE IF NOT EXISTS ${table} USING vec0 (rid INTEGER PRIMARY KEY, part TEXT PARTITION KEY, embedding float[${dimensions}] distance_metric=cosine);`)
    .join("\n");
}
