/**
 * `/observability/traces` (home): every call, newest first, live, filtered by the URL.
 */
import { useMemo, useState } from "react";
import { withProjectParam } from "../../api/api-fetch.js";
import { GettingStarted } from "../../components/getting-started.js";
import { LoadMore } from "../../components/load-more.js";
import { Empty, ErrorState, Loading } from "../../components/states.js";
import { toApiQuery } from "../../format/time-range.js";
import { useLocation } from "../../router/navigation.js";
import { useSearchParams } from "../../router/use-search-params.js";
import { hasActiveFilters, NON_FILTER_PARAMS, SpanFilters } from "./span-filters.js";
import { SpansTable } from "./spans-table.js";
import { useLiveSpans } from "./use-live-spans.js";

export function TracesPage() {
  const { search } = useLocation();
  const [params, update] = useSearchParams();
  const [paused, setPaused] = useState(false);
  // Resolved once per URL, so a relative range does not change the query on every render.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `search` is the identity of `params`
  const apiQuery = useMemo(() => toApiQuery(params, NON_FILTER_PARAMS), [search]);
  const live = !paused && !params.has("to");
  const list = useLiveSpans(apiQuery, live);
  const filtered = hasActiveFilters(params);
  const exportQuery = (format: string) =>
    withProjectParam(`/api/v1/spans/export?${new URLSearchParams(`${apiQuery}&format=${format}`)}`);

  const addFilter = (name: string, value: string) =>
    update((p) => {
      if (name === "tag") {
        if (!p.getAll("tag").includes(value)) p.append("tag", value);
      } else p.set(name, value);
    });

  return (
    <div className="page page-wide">
      <div className="page-header">
        <h1>Traces</h1>
        <div className="page-actions">
          <span className={live ? "live live-on" : "live"} role="status">
            {live ? "Live" : params.has("to") ? "Fixed range" : "Paused"}
          </span>
          <button type="button" className="button" onClick={() => setPaused(!paused)} aria-pressed={paused}>
            {paused ? "Resume" : "Pause"}
          </button>
          <a className="button" href={exportQuery("jsonl")} download>
            Export JSONL
          </a>
          <a className="button" href={exportQuery("csv")} download>
            Export CSV
          </a>
        </div>
      </div>
      <SpanFilters />
      {list.isPending ? (
        <Loading label="Loading calls…" />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={list.refetch} />
      ) : list.rows.length === 0 ? (
        filtered || params.has("range") ? (
          <Empty title="No calls match these filters">
            <p>Widen the time range or clear a filter. New matching calls appear here as they arrive.</p>
          </Empty>
        ) : (
          <GettingStarted />
        )
      ) : (
        <>
          <SpansTable rows={list.rows} freshIds={list.freshIds} onFilter={addFilter} />
          <LoadMore hasMore={list.hasMore} loading={list.isLoadingMore} onLoad={list.loadMore} />
        </>
      )}
    </div>
  );
}
