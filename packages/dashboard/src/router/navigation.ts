/**
 * A tiny router over the History API: one store of the current URL that React components
 * subscribe to, so links, `navigate()` and the back button all re-render the same way.
 */
import { useSyncExternalStore } from "react";

const listeners = new Set<() => void>();

function emit(): void {
  for (const listener of listeners) listener();
}

if (typeof window !== "undefined") window.addEventListener("popstate", emit);

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function snapshot(): string {
  return window.location.pathname + window.location.search;
}

/**
 * Goes to `to` (a path with an optional query string). `replace` rewrites the current history
 * entry instead, for changes the back button should skip (typing in a filter box).
 *
 * @example navigate("/observability/traces?customer_id=acme")
 */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, "", to);
  else window.history.pushState(null, "", to);
  if (!options.replace) window.scrollTo(0, 0);
  emit();
}

/** The current path and query string; re-renders the caller when either changes. */
export function useLocation(): { pathname: string; search: string } {
  const current = useSyncExternalStore(subscribe, snapshot, () => "/");
  const index = current.indexOf("?");
  return index < 0
    ? { pathname: current, search: "" }
    : { pathname: current.slice(0, index), search: current.slice(index) };
}
