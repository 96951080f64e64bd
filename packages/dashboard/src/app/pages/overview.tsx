import { useStats, useTasks } from "../api/hooks.js";
import type { Stats } from "../api/types.js";
import { Link } from "../router.js";
import { useUserId } from "../session.js";
import { ErrorNote, formatDate, Loading } from "../components/status.js";

export function OverviewPage() {
  const userId = useUserId();
  const stats = useStats(userId);
  const tasks = useTasks(userId);
  if (stats.isPending) return <Loading what="the overview" />;
  if (stats.isError) return <ErrorNote error={stats.error} />;
  const { items, categories, resources } = stats.data;
  const recentTasks = tasks.data?.tasks ?? [];
  const openTasks = recentTasks.filter((task) => task.status !== "succeeded");
  return (
    <>
      <h1>Overview of {userId}</h1>
      <div className="cards">
        <section className="card" aria-labelledby="ov-items">
          <h2 id="ov-items">Memories</h2>
          <p className="big">{items.total}</p>
          <CountTable caption="By type" rows={Object.entries(items.byType).map(([type, count]) => ({ key: type, label: type, to: `/memories?type=${encodeURIComponent(type)}`, count }))} />
        </section>
        <section className="card" aria-labelledby="ov-categories">
          <h2 id="ov-categories">Categories</h2>
          <p className="big">{categories.length}</p>
          <CountTable caption="Memories per category" rows={categories.map((category) => ({ key: category.id, label: category.name, to: `/categories#${category.id}`, count: category.itemCount }))} />
        </section>
        <section className="card" aria-labelledby="ov-resources">
          <h2 id="ov-resources">Resources</h2>
          <p className="big">{resources.total}</p>
          <ul className="plain">
            {resources.recent.map((resource) => (
              <li key={resource.id}>
                <Link to={`/graph?resource=${encodeURIComponent(resource.id)}`}>{resource.caption ?? resource.uri}</Link> <span className="muted">{resource.modality} · {formatDate(resource.createdAt)}</span>
              </li>
            ))}
          </ul>
        </section>
        <section className="card" aria-labelledby="ov-tasks">
          <h2 id="ov-tasks">Tasks</h2>
          <p>
            {stats.data.tasks.pending} pending · {stats.data.tasks.running} running · {stats.data.tasks.failed} failed
          </p>
          <ul className="plain">
            {openTasks.map((task) => (
              <li key={task.id}>
                <span className={`badge ${task.status}`}>{task.status}</span> {task.id} <span className="muted">{formatDate(task.updatedAt)}</span>
                {task.error !== undefined && <span className="error"> {task.error.message}</span>}
              </li>
            ))}
          </ul>
        </section>
        <ModelUsage usage={stats.data.usage} />
      </div>
    </>
  );
}

/** The model usage the server summed from the user's finished memorize tasks. */
function ModelUsage({ usage }: { usage: Stats["usage"] }) {
  const profiles = Object.entries(usage.byProfile);
  return (
    <section className="card" aria-labelledby="ov-usage">
      <h2 id="ov-usage">Model usage</h2>
      <p className="muted">
        {usage.tasks === 0
          ? "No memorize task has finished yet."
          : `Over ${usage.truncated ? "the latest " : ""}${usage.tasks} finished memorize task${usage.tasks === 1 ? "" : "s"} (searches and direct memorize are not counted):`}
      </p>
      <dl className="facts">
        <div>
          <dt>Model calls</dt>
          <dd>{usage.modelCalls}</dd>
        </div>
        <div>
          <dt>Input tokens</dt>
          <dd>{usage.inputTokens}</dd>
        </div>
        <div>
          <dt>Output tokens</dt>
          <dd>{usage.outputTokens}</dd>
        </div>
      </dl>
      {profiles.length > 0 && (
        <table>
          <caption>By model profile</caption>
          <thead>
            <tr>
              <th scope="col">Profile</th>
              <th scope="col">Calls</th>
              <th scope="col">Tokens in / out</th>
            </tr>
          </thead>
          <tbody>
            {profiles.map(([profile, used]) => (
              <tr key={profile}>
                <th scope="row">{profile}</th>
                <td>{used.calls}</td>
                <td>
                  {used.inputTokens} / {used.outputTokens}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function CountTable({ caption, rows }: { caption: string; rows: readonly { key: string; label: string; to: string; count: number }[] }) {
  return (
    <table>
      <caption>{caption}</caption>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <th scope="row">
              <Link to={row.to}>{row.label}</Link>
            </th>
            <td>{row.count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
