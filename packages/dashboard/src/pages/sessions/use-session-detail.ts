/**
 * A session detail with all its calls: `GET /api/v1/sessions/{id}` pages the calls (oldest first,
 * `next_cursor`), so this follows the cursor on its own up to {@link AUTO_LOAD_CALLS} calls and
 * leaves the rest to "load more" (a replay of thousands of calls would be a very long page).
 */
import { useInfiniteQuery } from "@tanstack/react-query";
import { useEffect, useMemo } from "react";
import { apiFetch } from "../../api/api-fetch.js";
import type { SessionDetail } from "../../api/types.js";
import { useSession } from "../../app/session-context.js";

/** Calls per request: a quick first page; a long session takes several requests, in order. */
const CALLS_PER_PAGE = 100;
/** Pages are followed without asking until this many calls are shown (the old single-response cap). */
export const AUTO_LOAD_CALLS = 1_000;

export function useSessionDetail(sessionId: string) {
  const { project } = useSession();
  const result = useInfiniteQuery({
    queryKey: [project.id, "session-detail", sessionId],
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ limit: String(CALLS_PER_PAGE) });
      if (pageParam) params.set("cursor", pageParam);
      return apiFetch<SessionDetail>(`/api/v1/sessions/${encodeURIComponent(sessionId)}?${params}`, {
        signal,
      });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });
  const pages = result.data?.pages;
  const calls = useMemo(() => pages?.flatMap((page) => page.calls) ?? [], [pages]);
  const { hasNextPage, isFetchingNextPage, fetchNextPage, isError } = result;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && !isError && calls.length < AUTO_LOAD_CALLS) {
      void fetchNextPage();
    }
  }, [hasNextPage, isFetchingNextPage, isError, calls.length, fetchNextPage]);
  return {
    /** The summary, custom metrics and assignments (from the first page). */
    detail: pages?.[0],
    calls,
    isPending: result.isPending,
    error: result.error,
    refetch: () => void result.refetch(),
    hasMore: hasNextPage,
    loadMore: () => void fetchNextPage(),
    isLoadingMore: isFetchingNextPage,
  };
}
