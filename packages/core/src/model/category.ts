/** A topic of one scope, with a markdown summary citing the items it is built from. */
export interface Category {
  readonly id: string;
  /** Unique within a scope. */
  readonly name: string;
  readonly description: string;
  readonly summary: string;
  /** Ids of the items the summary cites. */
  readonly citedItemIds: readonly string[];
  readonly itemCount: number;
  readonly scope: Readonly<Record<string, string>>;
  readonly createdAt: string;
  readonly updatedAt: string;
}
