import { useResource, useTrace } from "../api/hooks.js";
import type { TraceSource } from "../api/types.js";
import { ItemActions } from "../components/item-actions.js";
import { SourceText } from "../components/source-text.js";
import { asSpan } from "../source/passages.js";
import { ErrorNote, formatDate, Loading } from "../components/status.js";
import { Link, navigate } from "../router.js";
import { useUserId } from "../session.js";

export function MemoryDetailPage({ id }: { id: string }) {
  const userId = useUserId();
  const trace = useTrace(userId, id);
  if (trace.isPending) return <Loading what="the memory" />;
  if (trace.isError) return <ErrorNote error={trace.error} />;
  const { item, sources, categories } = trace.data;
  const supersedes = typeof item.metadata.supersedes === "string" ? item.metadata.supersedes : null;
  const supersededBy = typeof item.metadata.supersededBy === "string" ? item.metadata.supersededBy : null;
  return (
    <>
      <p>
        <Link to="/memories">← Memories</Link>
      </p>
      <h1 className="memory-title">{item.summary}</h1>
      <ItemActions item={item} onDeleted={() => navigate("/memories", { replace: true })} />
      <dl className="facts">
        <div>
          <dt>Id</dt>
          <dd>
            <code>{item.id}</code>
          </dd>
        </div>
        <div>
          <dt>Type</dt>
          <dd>{item.type}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            <span className={`badge ${item.status}`}>{item.status}</span>
          </dd>
        </div>
        <div>
          <dt>Happened</dt>
          <dd>{item.happenedAt ?? "—"}</dd>
        </div>
        <div>
          <dt>Reinforced</dt>
          <dd>
            {item.reinforcementCount} time{item.reinforcementCount === 1 ? "" : "s"}, last {formatDate(item.lastReinforcedAt)}
          </dd>
        </div>
        <div>
          <dt>Created / updated</dt>
          <dd>
            {formatDate(item.createdAt)} / {formatDate(item.updatedAt)}
          </dd>
        </div>
        <div>
          <dt>Scope</dt>
          <dd>
            {Object.entries(item.scope)
              .map(([key, value]) => `${key}=${value}`)
              .join(", ")}
          </dd>
        </div>
        {supersedes !== null && (
          <div>
            <dt>Supersedes</dt>
            <dd>
              <Link to={`/memories/${encodeURIComponent(supersedes)}`}>{supersedes}</Link>
            </dd>
          </div>
        )}
        {supersededBy !== null && (
          <div>
            <dt>Superseded by</dt>
            <dd>
              <Link to={`/memories/${encodeURIComponent(supersededBy)}`}>{supersededBy}</Link>
            </dd>
          </div>
        )}
      </dl>
      <section aria-labelledby="md-categories">
        <h2 id="md-categories">Categories</h2>
        {categories.length === 0 ? (
          <p className="muted">In no category.</p>
        ) : (
          <ul className="chips">
            {categories.map((category) => (
              <li key={category.id}>
                <Link to={`/categories#${category.id}`}>{category.name}</Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="md-sources">
        <h2 id="md-sources">Source</h2>
        {sources.length === 0 && <p className="muted">Written by hand: no source.</p>}
        {sources.map((source, index) => (
          <SourcePanel key={`${source.resource.id}-${index}`} userId={userId} source={source} />
        ))}
      </section>
    </>
  );
}

function SourcePanel({ userId, source }: { userId: string; source: TraceSource }) {
  const resource = useResource(userId, source.resource.id);
  const span = asSpan(source.span);
  return (
    <article className="source-panel" aria-label={`Source ${source.resource.uri}`}>
      <h3>
        {source.resource.caption ?? source.resource.uri} <span className="muted">({source.resource.modality})</span>
      </h3>
      {resource.isPending && <Loading what="the resource" />}
      <ErrorNote error={resource.error} />
      {resource.data !== undefined && (span === null ? <pre className="source-document">{resource.data.text}</pre> : <SourceText text={resource.data.text} span={span} />)}
    </article>
  );
}
