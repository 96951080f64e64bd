import { useId, useState } from "react";
import { useMemorize, useRetrieve, useTask } from "../api/hooks.js";
import type { MemorizeInput, RetrieveInput, Task } from "../api/types.js";
import { ErrorNote, Loading } from "../components/status.js";
import { Link } from "../router.js";
import { useSession, useUserId } from "../session.js";

type Modality = NonNullable<MemorizeInput["modality"]>;

export function PlaygroundPage() {
  const { me } = useSession();
  const userId = useUserId();
  const [taskId, setTaskId] = useState<string | null>(null);
  return (
    <>
      <h1>Playground</h1>
      {me.readOnly ? <p className="muted">This key is read-only: it can ask, not memorize.</p> : <MemorizeForm userId={userId} onTask={setTaskId} />}
      {taskId !== null && <TaskProgress userId={userId} id={taskId} />}
      <AskForm userId={userId} />
    </>
  );
}

function MemorizeForm({ userId, onTask }: { userId: string; onTask: (id: string) => void }) {
  const memorize = useMemorize();
  const [content, setContent] = useState("");
  const [modality, setModality] = useState<Modality | "">("");
  const [sessionId, setSessionId] = useState("");
  const id = useId();
  return (
    <form
      className="card playground"
      onSubmit={(event) => {
        event.preventDefault();
        const input: Omit<MemorizeInput, "async"> = { userId, content, ...(modality === "" ? {} : { modality }), ...(sessionId === "" ? {} : { sessionId }) };
        memorize.mutate(input, { onSuccess: (task) => onTask(task.id) });
      }}
    >
      <h2>Memorize</h2>
      <label htmlFor={`${id}-content`}>Conversation or document</label>
      <textarea
        id={`${id}-content`}
        rows={10}
        value={content}
        onChange={(event) => setContent(event.target.value)}
        placeholder={'Caroline: I started a pottery class yesterday.\nMelanie: That sounds fun!\n\nor JSON: [{"role": "user", "content": "…"}], or any text'}
        required
      />
      <div className="row">
        <div className="field">
          <label htmlFor={`${id}-file`}>…or upload a text file</label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".txt,.md,.json,.html,text/*,application/json"
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file !== undefined) void file.text().then(setContent);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-modality`}>Kind</label>
          <select id={`${id}-modality`} value={modality} onChange={(event) => setModality(event.target.value as Modality | "")}>
            <option value="">detect</option>
            <option value="conversation">conversation</option>
            <option value="document">document</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-session`}>Session (optional)</label>
          <input id={`${id}-session`} value={sessionId} onChange={(event) => setSessionId(event.target.value)} />
        </div>
      </div>
      <button type="submit" disabled={memorize.isPending || content.trim() === ""}>
        Memorize
      </button>
      <ErrorNote error={memorize.error} />
    </form>
  );
}

const STEPS: readonly Task["status"][] = ["pending", "running", "succeeded"];

function TaskProgress({ userId, id }: { userId: string; id: string }) {
  const task = useTask(userId, id);
  if (task.isPending) return <Loading what="the task" />;
  if (task.isError) return <ErrorNote error={task.error} />;
  const { status, result, error, attempts } = task.data;
  const step = status === "failed" ? STEPS.length : STEPS.indexOf(status) + 1;
  return (
    <section className="card" aria-labelledby="task-title" aria-live="polite">
      <h2 id="task-title">Task {id}</h2>
      <label>
        Progress: <span className={`badge ${status}`}>{status}</span>
        {attempts > 1 && <span className="muted"> (attempt {attempts})</span>}
        <progress max={STEPS.length} value={status === "running" ? undefined : step} aria-label="Memorize progress" />
      </label>
      {error !== undefined && (
        <p role="alert" className="error">
          {error.code}: {error.message}
        </p>
      )}
      {result !== undefined && (
        <p>
          {result.created ? "Memorized" : "Already memorized"}: {result.items.length} memor{result.items.length === 1 ? "y" : "ies"} in {result.categories.length} categor
          {result.categories.length === 1 ? "y" : "ies"}.{" "}
          {result.items.slice(0, 5).map((item) => (
            <Link key={item.id} to={`/memories/${encodeURIComponent(item.id)}`} className="chip">
              {item.summary}
            </Link>
          ))}
        </p>
      )}
    </section>
  );
}

function AskForm({ userId }: { userId: string }) {
  const [question, setQuestion] = useState("");
  const [asked, setAsked] = useState<RetrieveInput | null>(null);
  const answer = useRetrieve(asked);
  const id = useId();
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Ask</h2>
      <form
        className="row ask"
        onSubmit={(event) => {
          event.preventDefault();
          setAsked({ userId, query: question, method: "rag", topK: 5 });
        }}
      >
        <label htmlFor={`${id}-q`}>Question</label>
        <input id={`${id}-q`} value={question} onChange={(event) => setQuestion(event.target.value)} required />
        <button type="submit">Ask</button>
      </form>
      <ErrorNote error={answer.error} />
      {answer.data !== undefined && (
        <ol className="answers">
          {answer.data.items.map((item) => (
            <li key={item.id}>
              <span className="score">{item.score.toFixed(3)}</span> <Link to={`/memories/${encodeURIComponent(item.id)}`}>{item.summary}</Link>
            </li>
          ))}
          {answer.data.items.length === 0 && <li className="muted">Nothing found.</li>}
        </ol>
      )}
    </section>
  );
}
