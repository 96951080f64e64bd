import type Database from "better-sqlite3";

/** How many distinct statements a connection keeps; the store's SQL has a few dozen shapes, so this is never reached in use. */
const CAPACITY = 512;

/**
 * Prepared statements compiled once per connection. Compiling costs more than running the small statements a write
 * makes per row, so a long memorize spent a third of its time compiling the same SQL again; the SQL text is the key
 * (values are always bound parameters, so the shapes are few). Least recently used statements go past `CAPACITY`.
 */
export class StatementCache {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  prepare<Params extends unknown[] = unknown[], Row = unknown>(sql: string): Database.Statement<Params, Row> {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      if (this.statements.size >= CAPACITY) this.statements.delete(this.statements.keys().next().value!);
    } else {
      this.statements.delete(sql);
    }
    this.statements.set(sql, statement);
    return statement as Database.Statement<Params, Row>;
  }
}
