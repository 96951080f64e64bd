import type Database from "better-sqlite3";
import { KEYWORD_TEXT, keywordDocument } from "./keyword-index.js";
import { CATEGORY_CHANGES_SQL, CATEGORY_COUNT_SQL, INDEX_SQL, NODE_TABLES, ITEM_TRAIL_SQL, type NodeTable } from "./schema.js";

/** Version 1 kept keyword search in FTS5 tables, filled by these triggers. */
const V1_FTS = ["items_fts", "categories_fts", "resources_fts"];
const V1_TRIGGERS = ["items_fts_insert", "items_fts_delete", "items_fts_update", "categories_fts_insert", "categories_fts_delete", "categories_fts_update", "resources_fts_insert", "resources_fts_delete"];

/**
 * Version 1 → 2: FTS5 gives way to memograph's own keyword index, and the scope registry is built. Runs inside the
 * caller's transaction: a failure leaves the version 1 store as it was.
 */
function toVersion2(db: Database.Database): void {
  for (const trigger of V1_TRIGGERS) db.exec(`DROP TRIGGER IF EXISTS ${trigger}`);
  for (const table of V1_FTS) db.exec(`DROP TABLE IF EXISTS ${table}`);
  const tables = Object.values(NODE_TABLES);
  for (const table of tables) db.exec(`ALTER TABLE ${table} ADD COLUMN keywords TEXT NOT NULL DEFAULT '{}'; ALTER TABLE ${table} ADD COLUMN keyword_len NUMERIC NOT NULL DEFAULT 0;`);
  db.exec("ALTER TABLE items ADD COLUMN context TEXT");
  db.exec(INDEX_SQL);
  // The insert triggers did not see the existing rows: register their scopes and count them here.
  db.exec(`INSERT INTO scopes (scope_key, part, scope) SELECT * FROM (${tables.map((table) => `SELECT scope_key, part, scope FROM ${table}`).join(" UNION ")}) WHERE true ON CONFLICT DO NOTHING`);
  for (const table of tables) db.exec(`UPDATE scopes SET ${table} = (SELECT count(*) FROM ${table} t WHERE t.scope_key = scopes.scope_key)`);
  // Setting each row's keywords fires the update trigger, which writes its postings (version 5 recounts the totals).
  for (const table of tables) indexRows(db, table);
}

function indexRows(db: Database.Database, table: NodeTable): void {
  const update = db.prepare(`UPDATE ${table} SET keywords = ?, keyword_len = ? WHERE rid = ?`);
  // The rows are this table's: KEYWORD_TEXT[table] reads only fields they have.
  const text = KEYWORD_TEXT[table] as (row: unknown) => string;
  for (const row of db.prepare<[], { rid: number }>(`SELECT * FROM ${table}`).all()) {
    const document = keywordDocument(text(row));
    update.run(document.keywords, document.length, row.rid);
  }
}

/** Version 2 → 3: categories keep their count of active items instead of counting them on every read. */
function toVersion3(db: Database.Database): void {
  db.exec(`
    ALTER TABLE item_categories ADD COLUMN active INTEGER NOT NULL DEFAULT 0;
    UPDATE item_categories SET active = (SELECT i.status = 'active' FROM items i WHERE i.id = item_categories.item_id);
    ALTER TABLE categories ADD COLUMN item_count INTEGER NOT NULL DEFAULT 0;
    UPDATE categories SET item_count = (SELECT count(*) FROM item_categories l WHERE l.category_id = categories.id AND l.active);
    ${CATEGORY_COUNT_SQL}`);
}

/** Version 3 → 4: supersession becomes a link between item rows, backfilled from `metadata.supersededBy`; access counts. */
function toVersion4(db: Database.Database): void {
  db.exec(`${ITEM_TRAIL_SQL}
    INSERT OR IGNORE INTO item_supersessions (item_id, by_item_id)
      SELECT o.id, n.id FROM items o JOIN items n ON n.id = json_extract(o.metadata, '$.supersededBy') AND n.scope_key = o.scope_key;`);
}

/** Version 4 → 5: the category change log (empty: no store reorganised its categories before). */
function toVersion5(db: Database.Database): void {
  db.exec(CATEGORY_CHANGES_SQL);
}

/**
 * Version 5 → 6: BM25's statistics per partition instead of per table, so one tenant's words never move another's
 * scores. Counted again from the postings and rows; the index triggers are replaced by ones that keep them so.
 */
function toVersion6(db: Database.Database): void {
  const tables = Object.values(NODE_TABLES);
  for (const table of tables) for (const event of ["added", "removed", "rekeyed"]) db.exec(`DROP TRIGGER IF EXISTS ${table}_${event}`);
  db.exec("DROP TABLE IF EXISTS keyword_terms; DROP TABLE IF EXISTS keyword_totals;");
  db.exec(INDEX_SQL);
  for (const table of tables) {
    db.exec(`INSERT INTO keyword_terms (tbl, part, term, docs)
      SELECT '${table}', sc.part, p.term, count(*) FROM ${table}_postings p JOIN scopes sc ON sc.sid = p.sid GROUP BY sc.part, p.term`);
    db.exec(`INSERT INTO keyword_totals (tbl, part, docs, tokens) SELECT '${table}', part, count(*), sum(keyword_len) FROM ${table} GROUP BY part`);
  }
}

/**
 * Version 6 → 7: a new row's postings, term counts and totals are written by the store with its write, sorted, instead
 * of by the insert trigger one row at a time; the insert triggers now only register scopes. The index is unchanged.
 */
function toVersion7(db: Database.Database): void {
  for (const table of Object.values(NODE_TABLES)) db.exec(`DROP TRIGGER IF EXISTS ${table}_added`);
  db.exec(INDEX_SQL);
}

/**
 * Version 7 → 8: the postings are keyed by (term, scope, count, length, row), so a list's postings of one scope and
 * count come ordered by their BM25 contribution and a search reads a long list from its best postings down. Each
 * postings table is copied into one of the new key (its delete and rekey triggers, which name it, are rebuilt).
 */
function toVersion8(db: Database.Database): void {
  for (const table of Object.values(NODE_TABLES)) {
    for (const event of ["removed", "rekeyed"]) db.exec(`DROP TRIGGER IF EXISTS ${table}_${event}`);
    db.exec(`ALTER TABLE ${table}_postings RENAME TO ${table}_postings_v7`);
  }
  db.exec(INDEX_SQL);
  for (const table of Object.values(NODE_TABLES)) {
    db.exec(`INSERT INTO ${table}_postings (term, sid, tf, len, rid) SELECT term, sid, tf, len, rid FROM ${table}_postings_v7 ORDER BY term, sid, tf, len, rid;
      DROP TABLE ${table}_postings_v7;`);
  }
}

const MIGRATIONS: readonly { readonly to: number; readonly run: (db: Database.Database) => void }[] = [
  { to: 2, run: toVersion2 },
  { to: 3, run: toVersion3 },
  { to: 4, run: toVersion4 },
  { to: 5, run: toVersion5 },
  { to: 6, run: toVersion6 },
  { to: 7, run: toVersion7 },
  { to: 8, run: toVersion8 },
];

/** Brings a store of version `from` to the current version. */
export function migrate(db: Database.Database, from: number): void {
  for (const migration of MIGRATIONS) if (migration.to > from) migration.run(db);
}
