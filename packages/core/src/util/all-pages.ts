/** Every record of a cursor-paged listing, page by page (`next` is called with each page's `nextCursor`). */
export async function allPages<T>(next: (cursor: string | undefined) => Promise<{ readonly records: readonly T[]; readonly nextCursor: string | null }>): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await next(cursor);
    all.push(...page.records);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return all;
}
