import { useId, useState } from "react";
import { useDeleteItem, useUpdateItem } from "../api/hooks.js";
import type { Item } from "../api/types.js";
import { useSession, useUserId } from "../session.js";
import { ConfirmDialog } from "./confirm-dialog.js";
import { ErrorNote } from "./status.js";

const MEMORY_TYPES = ["profile", "event", "knowledge", "behavior", "skill", "tool"];

/** Edit and delete buttons for one memory; nothing for a read-only key. */
export function ItemActions({ item, onDeleted }: { item: Item; onDeleted?: () => void }) {
  const { me } = useSession();
  const userId = useUserId();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const remove = useDeleteItem(userId);
  if (me.readOnly) return null;
  return (
    <div className="item-actions">
      <button type="button" onClick={() => setEditing(!editing)} aria-expanded={editing} aria-label={`Edit memory ${item.id}`}>
        Edit
      </button>
      <button type="button" className="danger" onClick={() => setConfirming(true)} aria-label={`Delete memory ${item.id}`}>
        Delete
      </button>
      {editing && <EditItem item={item} done={() => setEditing(false)} />}
      <ConfirmDialog
        open={confirming}
        title="Delete this memory?"
        confirmLabel="Delete"
        busy={remove.isPending}
        onClose={() => setConfirming(false)}
        onConfirm={() =>
          remove.mutate(item.id, {
            onSuccess: () => {
              setConfirming(false);
              onDeleted?.();
            },
          })
        }
      >
        <blockquote>{item.summary}</blockquote>
        <p>It leaves every category summary that cites it. This cannot be undone.</p>
        <ErrorNote error={remove.error} />
      </ConfirmDialog>
    </div>
  );
}

function EditItem({ item, done }: { item: Item; done: () => void }) {
  const userId = useUserId();
  const update = useUpdateItem(userId, item.id);
  const [summary, setSummary] = useState(item.summary);
  const [type, setType] = useState(item.type);
  const summaryId = useId();
  const typeId = useId();
  const types = MEMORY_TYPES.includes(item.type) ? MEMORY_TYPES : [item.type, ...MEMORY_TYPES];
  return (
    <form
      className="edit-item"
      onSubmit={(event) => {
        event.preventDefault();
        update.mutate({ summary, type }, { onSuccess: done });
      }}
    >
      <label htmlFor={summaryId}>Memory text</label>
      <textarea id={summaryId} value={summary} onChange={(event) => setSummary(event.target.value)} rows={3} required />
      <label htmlFor={typeId}>Type</label>
      <select id={typeId} value={type} onChange={(event) => setType(event.target.value)}>
        {types.map((name) => (
          <option key={name}>{name}</option>
        ))}
      </select>
      <div className="actions">
        <button type="button" onClick={done}>
          Cancel
        </button>
        <button type="submit" disabled={update.isPending}>
          Save
        </button>
      </div>
      <ErrorNote error={update.error} />
    </form>
  );
}

export { MEMORY_TYPES };
