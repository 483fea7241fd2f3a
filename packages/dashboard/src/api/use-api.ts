/**
 * `useQuery` over {@link apiFetch} keyed by project and path, so switching projects never shows
 * another project's cached rows, and the same URL is fetched once however many components ask.
 */
import { type UseQueryOptions, useQuery } from "@tanstack/react-query";
import { useSession } from "../app/session-context.js";
import { apiFetch } from "./api-fetch.js";

export function useApi<T>(
  path: string | null,
  options: Omit<UseQueryOptions<T>, "queryKey" | "queryFn"> = {},
) {
  const { project } = useSession();
  return useQuery<T>({
    queryKey: [project.id, path],
    queryFn: ({ signal }) => apiFetch<T>(path as string, { signal }),
    enabled: path !== null && (options.enabled ?? true),
    ...options,
  });
}

/** `path?query` without a dangling "?". */
export function withQuery(path: string, query: string): string {
  return query ? `${path}?${query}` : path;
}
