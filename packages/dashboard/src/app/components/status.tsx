export function ErrorNote({ error }: { error: Error | null }) {
  if (error === null) return null;
  return (
    <p role="alert" className="error">
      {error.message}
    </p>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p role="status" className="loading">
      Loading {what}…
    </p>
  );
}

export function formatDate(iso: string | null): string {
  return iso === null ? "—" : new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}
