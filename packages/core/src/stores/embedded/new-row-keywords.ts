import type { KeywordDocument } from "./keyword-index.js";
import type { NodeTable } from "./schema.js";
import type { StatementCache } from "./statement-cache.js";

interface NewRow {
  readonly rid: number;
  readonly document: KeywordDocument;
}

/**
 * The keyword index entries of the rows one write inserts (their postings, their partition's term counts and totals),
 * written together at the end of the write's transaction. A row's postings go to as many places in the postings
 * B-tree as it has terms; written one row at a time, as an insert trigger would, a batch of a thousand rows touched
 * twelve thousand pages of a million-row index. Sorted by term they share pages, and a term common to many of the
 * rows is counted once. The delete and rekey triggers (schema.ts) keep the entries of rows that change afterwards, so
 * a row this write updates again must have its entries written first: `flush` before updating an existing row.
 */
export class NewRowKeywords {
  private readonly rows = new Map<NodeTable, NewRow[]>();

  constructor(
    private readonly statements: StatementCache,
    private readonly scopeKey: string,
    private readonly part: string,
  ) {}

  add(table: NodeTable, rid: number | bigint, document: KeywordDocument): void {
    const rows = this.rows.get(table) ?? [];
    rows.push({ rid: Number(rid), document });
    this.rows.set(table, rows);
  }

  flush(): void {
    if (this.rows.size === 0) return;
    // The insert trigger registered the scope with the write's first row.
    const { sid } = this.statements.prepare<[string], { sid: number }>("SELECT sid FROM scopes WHERE scope_key = ?").get(this.scopeKey)!;
    for (const [table, rows] of this.rows) {
      const postings = rows.flatMap(({ rid, document }) => [...document.counts].map(([term, tf]) => ({ term, rid, tf, len: document.length })));
      // In the postings' key order (the scope is the write's own).
      postings.sort((a, b) => (a.term < b.term ? -1 : a.term > b.term ? 1 : a.tf - b.tf || a.len - b.len || a.rid - b.rid));
      const post = this.statements.prepare(`INSERT INTO ${table}_postings (term, sid, rid, tf, len) VALUES (?, ?, ?, ?, ?)`);
      const documents = new Map<string, number>();
      for (const { term, rid, tf, len } of postings) {
        post.run(term, sid, rid, tf, len);
        documents.set(term, (documents.get(term) ?? 0) + 1);
      }
      const count = this.statements.prepare("INSERT INTO keyword_terms (tbl, part, term, docs) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET docs = docs + excluded.docs");
      for (const [term, docs] of documents) count.run(table, this.part, term, docs);
      const tokens = rows.reduce((sum, row) => sum + row.document.length, 0);
      this.statements
        .prepare("INSERT INTO keyword_totals (tbl, part, docs, tokens) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET docs = docs + excluded.docs, tokens = tokens + excluded.tokens")
        .run(table, this.part, rows.length, tokens);
    }
    this.rows.clear();
  }
}
