import { useId, useState } from "react";
import { useCreateKey, useForget, useKeys, useRevokeKey, useUsers } from "../api/hooks.js";
import type { CreatedKey, KeyRecord, UserUsage } from "../api/types.js";
import { ConfirmDialog } from "../components/confirm-dialog.js";
import { ErrorNote, formatDate, Loading } from "../components/status.js";
import { navigate } from "../router.js";
import { useSession } from "../session.js";

export function AdminPage() {
  const { isAdmin } = useSession();
  if (!isAdmin) return <p role="alert">Administration needs an admin key.</p>;
  return (
    <>
      <h1>Admin</h1>
      <Users />
      <Keys />
      <Forget />
    </>
  );
}

function Users() {
  const users = useUsers();
  const rows = users.data?.pages.flatMap((page) => page.users) ?? [];
  return (
    <section className="card" aria-labelledby="admin-users">
      <h2 id="admin-users">Users</h2>
      <p className="muted">Every user holding memories, in id order.</p>
      {users.isPending && <Loading what="users" />}
      <ErrorNote error={users.error} />
      {users.data !== undefined && (
        <table>
          <caption className="sr-only">Users holding memories</caption>
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col">Memories</th>
              <th scope="col">Resources</th>
              <th scope="col">Categories</th>
              <th scope="col">Agents</th>
              <th scope="col">
                <span className="sr-only">Open</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((user) => (
              <UserRow key={user.userId} user={user} />
            ))}
          </tbody>
        </table>
      )}
      {rows.length === 0 && users.data !== undefined && <p>No user holds memories yet.</p>}
      {users.hasNextPage && (
        <button type="button" onClick={() => void users.fetchNextPage()} disabled={users.isFetchingNextPage}>
          More users
        </button>
      )}
    </section>
  );
}

function UserRow({ user }: { user: UserUsage }) {
  const { selectUser } = useSession();
  return (
    <tr>
      <th scope="row">{user.userId}</th>
      <td>{user.items}</td>
      <td>{user.resources}</td>
      <td>{user.categories}</td>
      <td>{user.agentIds.length === 0 ? <span className="muted">none</span> : user.agentIds.join(", ")}</td>
      <td>
        <button
          type="button"
          onClick={() => {
            selectUser(user.userId);
            navigate("/memories");
          }}
        >
          Open {user.userId}
        </button>
      </td>
    </tr>
  );
}

function Keys() {
  const keys = useKeys();
  const revoke = useRevokeKey();
  const [revoking, setRevoking] = useState<KeyRecord | null>(null);
  return (
    <section className="card" aria-labelledby="admin-keys">
      <h2 id="admin-keys">API keys</h2>
      <CreateKey />
      {keys.isPending && <Loading what="keys" />}
      <ErrorNote error={keys.error} />
      {keys.data !== undefined && (
        <table>
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Role</th>
              <th scope="col">User</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">State</th>
              <th scope="col">
                <span className="sr-only">Revoke</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.data.keys.map((key) => (
              <tr key={key.id}>
                <th scope="row">
                  {key.name ?? <span className="muted">unnamed</span>} <code>{key.id}</code>
                </th>
                <td>
                  {key.role}
                  {key.readOnly ? " (read-only)" : ""}
                </td>
                <td>{key.userId ?? "all"}</td>
                <td>{formatDate(key.createdAt)}</td>
                <td>{formatDate(key.lastUsedAt)}</td>
                <td>{key.revokedAt !== null ? `revoked ${formatDate(key.revokedAt)}` : key.expiresAt !== null ? `expires ${formatDate(key.expiresAt)}` : "active"}</td>
                <td>
                  {key.revokedAt === null && (
                    <button type="button" className="danger" onClick={() => setRevoking(key)} aria-label={`Revoke key ${key.name ?? key.id}`}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ConfirmDialog
        open={revoking !== null}
        title="Revoke this key?"
        confirmLabel="Revoke"
        busy={revoke.isPending}
        onClose={() => setRevoking(null)}
        onConfirm={() => revoking !== null && revoke.mutate(revoking.id, { onSuccess: () => setRevoking(null) })}
      >
        <p>
          Key <code>{revoking?.id}</code> stops working at once; anything using it will be refused.
        </p>
        <ErrorNote error={revoke.error} />
      </ConfirmDialog>
    </section>
  );
}

function CreateKey() {
  const create = useCreateKey();
  const [role, setRole] = useState<"admin" | "member">("member");
  const [userId, setUserId] = useState("");
  const [name, setName] = useState("");
  const [readOnly, setReadOnly] = useState(false);
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const id = useId();
  return (
    <form
      className="row create-key"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate({ role, readOnly, ...(role === "member" ? { userId } : {}), ...(name === "" ? {} : { name }) }, { onSuccess: setCreated });
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-role`}>Role</label>
        <select id={`${id}-role`} value={role} onChange={(event) => setRole(event.target.value as "admin" | "member")}>
          <option value="member">member (one user)</option>
          <option value="admin">admin</option>
        </select>
      </div>
      {role === "member" && (
        <div className="field">
          <label htmlFor={`${id}-user`}>User id</label>
          <input id={`${id}-user`} value={userId} onChange={(event) => setUserId(event.target.value)} required />
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input id={`${id}-name`} value={name} onChange={(event) => setName(event.target.value)} />
      </div>
      <div className="field checkbox">
        <input id={`${id}-ro`} type="checkbox" checked={readOnly} onChange={(event) => setReadOnly(event.target.checked)} />
        <label htmlFor={`${id}-ro`}>Read-only</label>
      </div>
      <button type="submit" disabled={create.isPending}>
        Create key
      </button>
      <ErrorNote error={create.error} />
      {created !== null && (
        <p className="secret" role="status">
          New key <code>{created.record.id}</code>; copy the secret now, it is shown once:{" "}
          <output aria-label="New API key secret">
            <code>{created.key}</code>
          </output>
        </p>
      )}
    </form>
  );
}

function Forget() {
  const forget = useForget();
  const [userId, setUserId] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const id = useId();
  return (
    <section className="card" aria-labelledby="admin-forget">
      <h2 id="admin-forget">Forget a user</h2>
      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          setDone(null);
          setConfirming(true);
        }}
      >
        <label htmlFor={`${id}-user`}>User id to erase</label>
        <input id={`${id}-user`} value={userId} onChange={(event) => setUserId(event.target.value)} required />
        <button type="submit" className="danger">
          Forget…
        </button>
      </form>
      {done !== null && <p role="status">{done}</p>}
      <ConfirmDialog
        open={confirming}
        title={`Forget everything of ${userId}?`}
        confirmLabel="Forget"
        typed={userId}
        busy={forget.isPending}
        onClose={() => setConfirming(false)}
        onConfirm={() =>
          forget.mutate(
            { userId, confirm: userId },
            {
              onSuccess: (counts) => {
                setConfirming(false);
                setDone(
                  `Forgot ${userId}: ${Object.entries(counts)
                    .map(([kind, count]) => `${count} ${kind}`)
                    .join(", ")}.`,
                );
              },
            },
          )
        }
      >
        <p>Every resource, memory, category and embedding of this user is erased. This cannot be undone.</p>
        <ErrorNote error={forget.error} />
      </ConfirmDialog>
    </section>
  );
}
