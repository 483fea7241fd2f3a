/**
 * URL query-string state: filters, ranges and tabs live in the URL, so a link reproduces the
 * view and the back button undoes a change.
 */
import { useCallback, useMemo } from "react";
import { navigate, useLocation } from "./navigation.js";

export type SearchUpdate = (params: URLSearchParams) => void;

/**
 * The current query parameters and a setter that edits a copy and navigates to it.
 *
 * @example
 * const [params, update] = useSearchParams();
 * update((p) => p.set("customer_id", "acme"));
 */
export function useSearchParams(): [
  URLSearchParams,
  (change: SearchUpdate, options?: { replace?: boolean }) => void,
] {
  const { pathname, search } = useLocation();
  const params = useMemo(() => new URLSearchParams(search), [search]);
  const update = useCallback(
    (change: SearchUpdate, options: { replace?: boolean } = {}) => {
      const next = new URLSearchParams(window.location.search);
      change(next);
      next.sort();
      const query = next.toString();
      navigate(query ? `${pathname}?${query}` : pathname, options);
    },
    [pathname],
  );
  return [params, update];
}

/**
 * One query parameter as state; setting `null` or `""` removes it.
 *
 * @example const [sort, setSort] = useSearchParam("sort", "cost");
 */
export function useSearchParam(
  name: string,
  fallback: string,
): [string, (value: string | null, options?: { replace?: boolean }) => void] {
  const [params, update] = useSearchParams();
  const value = params.get(name) ?? fallback;
  const set = useCallback(
    (next: string | null, options?: { replace?: boolean }) =>
      update((p) => {
        if (next === null || next === "" || next === fallback) p.delete(name);
        else p.set(name, next);
      }, options),
    [name, fallback, update],
  );
  return [value, set];
}
