/** `/observability/sessions`: conversations, newest activity first. */
import type { SessionSummary } from "../../api/types.js";
import { usePagedList } from "../../api/use-paged-list.js";
import { CommitInput } from "../../components/commit-input.js";
import { LoadMore } from "../../components/load-more.js";
import { RangeSelect } from "../../components/range-select.js";
import { Empty, ErrorState, Loading } from "../../components/states.js";
import { toApiQuery } from "../../format/time-range.js";
import { useSearchParam } from "../../router/use-search-params.js";
import { SessionsTable } from "./sessions-table.js";

export function SessionsPage() {
  const [range, setRange] = useSearchParam("range", "");
  const [customer, setCustomer] = useSearchParam("customer_id", "");
  const [configKey, setConfigKey] = useSearchParam("config_key", "");
  const query = toApiQuery(
    new URLSearchParams({ ...(range ? { range } : {}), customer_id: customer, config_key: configKey }),
    [],
    // Rounded to the minute so the query (and its cache key) is stable while the page is open.
    Math.floor(Date.now() / 60_000) * 60_000,
  );
  const list = usePagedList<SessionSummary>("/api/v1/sessions", query);
  return (
    <div className="page page-wide">
      <div className="page-header">
        <h1>Sessions</h1>
      </div>
      <section className="filters-row" aria-label="Filters">
        <CommitInput label="Customer" value={customer} onCommit={setCustomer} />
        <CommitInput label="Config key" value={configKey} onCommit={setConfigKey} />
        <RangeSelect value={range} onChange={setRange} />
      </section>
      {list.isPending ? (
        <Loading label="Loading sessions…" />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={list.refetch} />
      ) : list.rows.length === 0 ? (
        <Empty title="No sessions yet">
          <p>
            Sessions group the calls of one conversation: pass a <code>sessionId</code> to{" "}
            <code>fallom.session()</code> in your app.
          </p>
        </Empty>
      ) : (
        <>
          <SessionsTable rows={list.rows} />
          <LoadMore hasMore={list.hasMore} loading={list.isLoadingMore} onLoad={list.loadMore} />
        </>
      )}
    </div>
  );
}
