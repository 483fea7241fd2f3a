/**
 * Cursor-paged `/api/v1` lists (`{data, next_cursor}`) as one growing array with "load more".
 */
import { useInfiniteQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useSession } from "../app/session-context.js";
import { apiFetch } from "./api-fetch.js";
import type { Paged } from "./types.js";

export function usePagedList<T>(path: string, query: string, pageSize = 50) {
  const { project } = useSession();
  const result = useInfiniteQuery({
    queryKey: [project.id, "paged", path, query],
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams(query);
      params.set("limit", String(pageSize));
      if (pageParam) params.set("cursor", pageParam);
      return apiFetch<Paged<T>>(`${path}?${params}`, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });
  const rows = useMemo(() => result.data?.pages.flatMap((page) => page.data) ?? [], [result.data]);
  return {
    rows,
    isPending: result.isPending,
    error: result.error,
    refetch: () => void result.refetch(),
    hasMore: result.hasNextPage,
    loadMore: () => void result.fetchNextPage(),
    isLoadingMore: result.isFetchingNextPage,
  };
}
