/**
 * The traces list's data: cursor pages of `/api/v1/spans` (newest first) plus a 2-second poll
 * for spans that arrived since (dashboard contract, "Live updates"), merged without duplicates.
 */
import { useInfiniteQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { apiFetch } from "../../api/api-fetch.js";
import { takePreloaded } from "../../api/preload.js";
import type { Paged, Span } from "../../api/types.js";
import { useSession } from "../../app/session-context.js";

const PAGE_SIZE = 50;
const POLL_MS = 2000;
const POLL_LIMIT = 200;
/** Exporters batch, so a span can arrive after a newer one; re-reading a short window catches it. */
const LOOKBACK_MS = 30_000;

/** The first page's URL, also used by the preload in `main.tsx`. */
export function firstSpansPageUrl(apiQuery: string): string {
  return spansUrl(apiQuery, { limit: String(PAGE_SIZE) });
}

function spansUrl(apiQuery: string, extra: Record<string, string>): string {
  const params = new URLSearchParams(apiQuery);
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  return `/api/v1/spans?${params}`;
}

/** The filter's own `from` (epoch ms or ISO) in ms, so the lookback never reaches before it. */
function queryFromMs(apiQuery: string): number {
  const from = new URLSearchParams(apiQuery).get("from");
  if (!from) return 0;
  const ms = /^\d+$/.test(from) ? Number(from) : Date.parse(from);
  return Number.isNaN(ms) ? 0 : ms;
}

export interface LiveSpans {
  rows: Span[];
  /** span ids that arrived through the poll, for a highlight. */
  freshIds: ReadonlySet<string>;
  isPending: boolean;
  error: unknown;
  refetch: () => void;
  hasMore: boolean;
  loadMore: () => void;
  isLoadingMore: boolean;
}

export function useLiveSpans(apiQuery: string, live: boolean): LiveSpans {
  const { project, me } = useSession();
  const pages = useInfiniteQuery({
    queryKey: [project.id, "spans-list", apiQuery],
    queryFn: ({ pageParam, signal }) => {
      if (!pageParam) {
        const isDefault = project.id === me.projects[0]?.id;
        const preloaded = takePreloaded<Paged<Span>>(firstSpansPageUrl(apiQuery), project.id, isDefault);
        if (preloaded) return preloaded;
      }
      return apiFetch<Paged<Span>>(
        spansUrl(apiQuery, { limit: String(PAGE_SIZE), ...(pageParam ? { cursor: pageParam } : {}) }),
        { signal },
      );
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const [fresh, setFresh] = useState<Span[]>([]);
  const known = useRef(new Set<string>());

  // A new filter starts a new list.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset exactly when the query changes
  useEffect(() => {
    setFresh([]);
  }, [apiQuery, project.id]);

  const baseRows = useMemo(() => pages.data?.pages.flatMap((page) => page.data) ?? [], [pages.data]);
  const rows = useMemo(() => {
    if (fresh.length === 0) return baseRows;
    const seen = new Set(fresh.map((span) => span.span_id));
    const merged = [...fresh, ...baseRows.filter((span) => !seen.has(span.span_id))];
    return merged.sort((a, b) => (a.start_time < b.start_time ? 1 : a.start_time > b.start_time ? -1 : 0));
  }, [fresh, baseRows]);
  known.current = new Set(rows.map((span) => `${span.trace_id}/${span.span_id}`));

  const newest = rows[0]?.start_time ?? null;
  const ready = pages.isSuccess;
  const refetchPages = pages.refetch;
  useEffect(() => {
    if (!live || !ready) return;
    const controller = new AbortController();
    const poll = async () => {
      if (!newest) {
        await refetchPages();
        return;
      }
      const from = String(Math.max(Date.parse(newest) - LOOKBACK_MS, queryFromMs(apiQuery)));
      try {
        const page = await apiFetch<Paged<Span>>(spansUrl(apiQuery, { from, limit: String(POLL_LIMIT) }), {
          signal: controller.signal,
        });
        if (page.next_cursor) {
          // More arrived than one poll reads: start the list over from the top.
          setFresh([]);
          await refetchPages();
          return;
        }
        const added = page.data.filter((span) => !known.current.has(`${span.trace_id}/${span.span_id}`));
        if (added.length > 0) setFresh((previous) => [...added, ...previous]);
      } catch {
        // A failed poll is retried on the next tick; the list stays as it is.
      }
    };
    const timer = window.setInterval(poll, POLL_MS);
    return () => {
      window.clearInterval(timer);
      controller.abort();
    };
  }, [live, ready, newest, apiQuery, refetchPages]);

  const freshIds = useMemo(() => new Set(fresh.map((span) => span.span_id)), [fresh]);
  return {
    rows,
    freshIds,
    isPending: pages.isPending,
    error: pages.error,
    refetch: () => void pages.refetch(),
    hasMore: pages.hasNextPage,
    loadMore: () => void pages.fetchNextPage(),
    isLoadingMore: pages.isFetchingNextPage,
  };
}
