import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from "react";

// Client routes are plain paths (the server answers index.html for any of them), kept in the History API.

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((listener) => listener());
globalThis.addEventListener?.("popstate", notify);

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const currentLocation = () => `${location.pathname}${location.search}`;

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace === true) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  notify();
}

/** The path and search of the current location, re-rendering on navigation. */
export function useLocation(): { path: string; search: URLSearchParams } {
  const href = useSyncExternalStore(subscribe, currentLocation);
  const url = new URL(href, "http://x");
  return { path: url.pathname, search: url.searchParams };
}

/** Matches `/memories/:id`-style patterns; answers the named segments, or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const trim = (value: string) => value.replace(/(.)\/+$/, "$1");
  const want = trim(pattern).split("/");
  const have = trim(path).split("/");
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (const [index, part] of want.entries()) {
    const actual = have[index]!;
    if (part.startsWith(":")) params[part.slice(1)] = decodeURIComponent(actual);
    else if (part !== actual) return null;
  }
  return params;
}

export function Link({ to, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={follow} {...rest} />;
}
