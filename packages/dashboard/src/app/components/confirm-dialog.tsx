import { useEffect, useId, useRef, useState, type ReactNode } from "react";

/**
 * A modal confirmation (the native `<dialog>`: focus moves into it, Escape cancels). With `typed`, the confirm button
 * stays disabled until that exact text is typed.
 */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  typed?: string;
  busy?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState("");
  const titleId = useId();
  const inputId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (props.open && !dialog.open) {
      setText("");
      dialog.showModal();
    } else if (!props.open && dialog.open) dialog.close();
  }, [props.open]);

  const ready = props.typed === undefined || text === props.typed;
  return (
    <dialog ref={ref} aria-labelledby={titleId} onClose={props.onClose} className="dialog">
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          if (ready) props.onConfirm();
        }}
      >
        <h2 id={titleId}>{props.title}</h2>
        <div>{props.children}</div>
        {props.typed !== undefined && (
          <p>
            <label htmlFor={inputId}>
              Type <code>{props.typed}</code> to confirm
            </label>
            <input id={inputId} value={text} onChange={(event) => setText(event.target.value)} autoComplete="off" autoFocus />
          </p>
        )}
        <div className="actions">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="danger" disabled={!ready || props.busy === true}>
            {props.confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
