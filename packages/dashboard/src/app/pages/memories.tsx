import { useId, useState, type ReactNode } from "react";
import { useCategories, useItems, useRetrieve } from "../api/hooks.js";
import type { Item, ItemFilters, RetrieveInput } from "../api/types.js";
import { ItemActions, MEMORY_TYPES } from "../components/item-actions.js";
import { ErrorNote, formatDate, Loading } from "../components/status.js";
import { Link, navigate, useLocation } from "../router.js";
import { useUserId } from "../session.js";

const FILTERS = ["q", "type", "category", "agentId", "sessionId", "from", "to"] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

/** The day after a `YYYY-MM-DD` date: "created to" includes its whole (UTC) day, and the API's `to` is exclusive. */
function dayAfter(date: string): string {
  const next = new Date(`${date}T00:00:00.000Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/** The time range as the item list's `from`/`to` (UTC days, `to` included). */
function createdRange(filters: Filters): { from?: string; to?: string } {
  return { ...(filters.from === undefined ? {} : { from: filters.from }), ...(filters.to === undefined ? {} : { to: dayAfter(filters.to) }) };
}

export function MemoriesPage() {
  const userId = useUserId();
  const { search } = useLocation();
  const filters: Filters = Object.fromEntries(FILTERS.flatMap((name) => (search.get(name) ? [[name, search.get(name)!]] : [])));
  const setFilters = (next: Filters) => {
    const params = new URLSearchParams(Object.entries(next).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ""));
    navigate(`/memories${params.size > 0 ? `?${params}` : ""}`, { replace: true });
  };
  return (
    <>
      <h1>Memories</h1>
      <FilterForm filters={filters} onChange={setFilters} />
      {filters.q === undefined ? <ItemList userId={userId} filters={filters} /> : <SearchResults userId={userId} filters={filters} />}
    </>
  );
}

function FilterForm({ filters, onChange }: { filters: Filters; onChange: (filters: Filters) => void }) {
  const userId = useUserId();
  const categories = useCategories(userId);
  const [draft, setDraft] = useState<Filters>(filters);
  const id = useId();
  const field = (name: keyof Filters, label: string, input: (props: { id: string; value: string; onChange: (value: string) => void }) => ReactNode) => (
    <div className="field">
      <label htmlFor={`${id}-${name}`}>{label}</label>
      {input({ id: `${id}-${name}`, value: draft[name] ?? "", onChange: (value) => setDraft({ ...draft, [name]: value === "" ? undefined : value }) })}
    </div>
  );
  return (
    <form
      role="search"
      className="filters"
      onSubmit={(event) => {
        event.preventDefault();
        onChange(draft);
      }}
    >
      {field("q", "Search", (p) => <input id={p.id} type="search" value={p.value} onChange={(e) => p.onChange(e.target.value)} placeholder="What do you remember about…" />)}
      {field("type", "Type", (p) => (
        <select id={p.id} value={p.value} onChange={(e) => p.onChange(e.target.value)}>
          <option value="">any</option>
          {MEMORY_TYPES.map((type) => (
            <option key={type}>{type}</option>
          ))}
        </select>
      ))}
      {field("category", "Category", (p) => (
        <select id={p.id} value={p.value} onChange={(e) => p.onChange(e.target.value)}>
          <option value="">any</option>
          {(categories.data?.categories ?? []).map((category) => (
            <option key={category.id}>{category.name}</option>
          ))}
        </select>
      ))}
      {field("agentId", "Agent", (p) => <input id={p.id} value={p.value} onChange={(e) => p.onChange(e.target.value)} />)}
      {field("sessionId", "Session", (p) => <input id={p.id} value={p.value} onChange={(e) => p.onChange(e.target.value)} />)}
      {field("from", "Created from", (p) => <input id={p.id} type="date" value={p.value} onChange={(e) => p.onChange(e.target.value)} />)}
      {field("to", "Created to", (p) => <input id={p.id} type="date" value={p.value} onChange={(e) => p.onChange(e.target.value)} />)}
      <div className="actions">
        <button type="submit">Search</button>
        <button
          type="button"
          onClick={() => {
            setDraft({});
            onChange({});
          }}
        >
          Clear
        </button>
      </div>
    </form>
  );
}

function ItemList({ userId, filters }: { userId: string; filters: Filters }) {
  const query: ItemFilters = { userId, limit: 25, ...createdRange(filters) };
  for (const name of ["type", "category", "agentId", "sessionId"] as const) if (filters[name] !== undefined) query[name] = filters[name];
  const items = useItems(query);
  if (items.isPending) return <Loading what="memories" />;
  if (items.isError) return <ErrorNote error={items.error} />;
  const rows = items.data.pages.flatMap((page) => page.items);
  return (
    <>
      <ItemTable items={rows} caption={`${rows.length} memor${rows.length === 1 ? "y" : "ies"}${items.hasNextPage ? " so far" : ""}`} />
      {items.hasNextPage && (
        <button type="button" onClick={() => void items.fetchNextPage()} disabled={items.isFetchingNextPage}>
          Next page
        </button>
      )}
    </>
  );
}

function SearchResults({ userId, filters }: { userId: string; filters: Filters }) {
  const where: Record<string, string> = {};
  if (filters.agentId !== undefined) where.agentId = filters.agentId;
  if (filters.sessionId !== undefined) where.sessionId = filters.sessionId;
  const { from, to } = createdRange(filters);
  const input: RetrieveInput = {
    userId,
    query: filters.q!,
    method: "rag",
    topK: 25,
    ...(Object.keys(where).length > 0 ? { where } : {}),
    ...(filters.type === undefined ? {} : { types: [filters.type] }),
    ...(filters.category === undefined ? {} : { categories: [filters.category] }),
    ...(from === undefined ? {} : { createdFrom: from }),
    ...(to === undefined ? {} : { createdTo: to }),
  };
  const result = useRetrieve(input);
  if (result.isPending) return <Loading what="search results" />;
  if (result.isError) return <ErrorNote error={result.error} />;
  const hits = result.data.items;
  return <ItemTable items={hits} scores caption={`${hits.length} result${hits.length === 1 ? "" : "s"} for “${result.data.query}”`} />;
}

function ItemTable({ items, caption, scores = false }: { items: readonly (Item & { score?: number })[]; caption: string; scores?: boolean }) {
  return (
    <table className="items">
      <caption>{caption}</caption>
      <thead>
        <tr>
          {scores && <th scope="col">Score</th>}
          <th scope="col">Memory</th>
          <th scope="col">Type</th>
          <th scope="col">Categories</th>
          <th scope="col">Created</th>
          <th scope="col">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.id}>
            {scores && <td className="score">{item.score?.toFixed(3)}</td>}
            <td>
              <Link to={`/memories/${encodeURIComponent(item.id)}`}>{item.summary}</Link>
            </td>
            <td>{item.type}</td>
            <td>{item.categories.join(", ")}</td>
            <td>{formatDate(item.createdAt)}</td>
            <td>
              <ItemActions item={item} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
