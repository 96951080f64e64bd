/** Schema version 1 of the embedded store. Vector tables are created separately: their dimension is the embedder's. */
export const SCHEMA_VERSION = 1;

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

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
  updated_at TEXT NOT NULL
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
  UNIQUE (scope_key, name)
);
CREATE INDEX IF NOT EXISTS categories_part ON categories (part);

CREATE TABLE IF NOT EXISTS item_categories (
  item_id TEXT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
  category_id TEXT NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
  PRIMARY KEY (item_id, category_id)
);
CREATE INDEX IF NOT EXISTS item_categories_category ON item_categories (category_id);

CREATE VIRTUAL TABLE IF NOT EXISTS items_fts USING fts5 (summary, content='items', content_rowid='rid', tokenize='porter unicode61');
CREATE TRIGGER IF NOT EXISTS items_fts_insert AFTER INSERT ON items BEGIN
  INSERT INTO items_fts (rowid, summary) VALUES (new.rid, new.summary);
END;
CREATE TRIGGER IF NOT EXISTS items_fts_delete AFTER DELETE ON items BEGIN
  INSERT INTO items_fts (items_fts, rowid, summary) VALUES ('delete', old.rid, old.summary);
END;
CREATE TRIGGER IF NOT EXISTS items_fts_update AFTER UPDATE OF summary ON items BEGIN
  INSERT INTO items_fts (items_fts, rowid, summary) VALUES ('delete', old.rid, old.summary);
  INSERT INTO items_fts (rowid, summary) VALUES (new.rid, new.summary);
END;

CREATE VIRTUAL TABLE IF NOT EXISTS categories_fts USING fts5 (name, description, summary, content='categories', content_rowid='rid', tokenize='porter unicode61');
CREATE TRIGGER IF NOT EXISTS categories_fts_insert AFTER INSERT ON categories BEGIN
  INSERT INTO categories_fts (rowid, name, description, summary) VALUES (new.rid, new.name, new.description, new.summary);
END;
CREATE TRIGGER IF NOT EXISTS categories_fts_delete AFTER DELETE ON categories BEGIN
  INSERT INTO categories_fts (categories_fts, rowid, name, description, summary) VALUES ('delete', old.rid, old.name, old.description, old.summary);
END;
CREATE TRIGGER IF NOT EXISTS categories_fts_update AFTER UPDATE ON categories BEGIN
  INSERT INTO categories_fts (categories_fts, rowid, name, description, summary) VALUES ('delete', old.rid, old.name, old.description, old.summary);
  INSERT INTO categories_fts (rowid, name, description, summary) VALUES (new.rid, new.name, new.description, new.summary);
END;

CREATE VIRTUAL TABLE IF NOT EXISTS resources_fts USING fts5 (caption, text, content='resources', content_rowid='rid', tokenize='porter unicode61');
CREATE TRIGGER IF NOT EXISTS resources_fts_insert AFTER INSERT ON resources BEGIN
  INSERT INTO resources_fts (rowid, caption, text) VALUES (new.rid, coalesce(new.caption, ''), new.text);
END;
CREATE TRIGGER IF NOT EXISTS resources_fts_delete AFTER DELETE ON resources BEGIN
  INSERT INTO resources_fts (resources_fts, rowid, caption, text) VALUES ('delete', old.rid, coalesce(old.caption, ''), old.text);
END;
`;

export const VECTOR_TABLES = { item: "items_vec", category: "categories_vec", resource: "resources_vec" } as const;
export const NODE_TABLES = { item: "items", category: "categories", resource: "resources" } as const;
export const FTS_TABLES = { item: "items_fts", category: "categories_fts", resource: "resources_fts" } as const;

export function vectorTableSql(dimensions: number): string {
  return Object.values(VECTOR_TABLES)
    .map((table) => `CREATE VIRTUAL TABLE IF NOT EXISTS ${table} USING vec0 (rid INTEGER PRIMARY KEY, part TEXT PARTITION KEY, embedding float[${dimensions}] distance_metric=cosine);`)
    .join("\n");
}
