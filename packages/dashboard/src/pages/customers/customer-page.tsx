/**
 * `/observability/customers/{id}`: one customer's cost and calls per day over the last 30 days,
 * and their sessions.
 */
import { useMemo } from "react";
import type { Metrics, SessionSummary } from "../../api/types.js";
import { useApi } from "../../api/use-api.js";
import { usePagedList } from "../../api/use-paged-list.js";
import { LoadMore } from "../../components/load-more.js";
import { Empty, ErrorState, Loading } from "../../components/states.js";
import { formatInteger, formatUsd } from "../../format/format-number.js";
import { Link } from "../../router/link.js";
import { paths } from "../../router/match-route.js";
import { ChartCard } from "../analytics/chart-card.js";
import { alignRows, bucketStarts } from "../analytics/time-buckets.js";
import { SessionsTable } from "../sessions/sessions-table.js";

const DAYS = 30;

export function CustomerPage({ customerId }: { customerId: string }) {
  const window_ = useMemo(() => ({ to: Date.now(), from: Date.now() - DAYS * 86_400_000 }), []);
  const filter = `customer_id=${encodeURIComponent(customerId)}`;
  const metrics = useApi<Metrics>(`/api/v1/metrics?group_by=day&from=${window_.from}&${filter}`);
  const sessions = usePagedList<SessionSummary>("/api/v1/sessions", filter);
  const starts = useMemo(() => bucketStarts(window_.from, window_.to, "day"), [window_]);
  const xs = useMemo(() => starts.map((ms) => ms / 1000), [starts]);
  const labels = useMemo(() => starts.map((ms) => new Date(ms).toISOString().slice(0, 10)), [starts]);
  const rows = metrics.data?.data;
  const calls = useMemo(
    () => [{ label: "Calls", values: alignRows(starts, rows ?? [], (r) => r.count, 0) }],
    [rows, starts],
  );
  const cost = useMemo(
    () => [{ label: "Cost", values: alignRows(starts, rows ?? [], (r) => r.cost_usd, 0) }],
    [rows, starts],
  );
  return (
    <div className="page page-wide">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={paths.customers()}>Customers</Link> / <span>{customerId}</span>
      </nav>
      <div className="page-header">
        <h1>Customer {customerId}</h1>
        <Link className="button" to={paths.traces(filter)}>
          Show calls in traces
        </Link>
      </div>
      {metrics.isPending ? (
        <Loading label="Loading usage…" />
      ) : metrics.error ? (
        <ErrorState error={metrics.error} onRetry={() => metrics.refetch()} />
      ) : (
        <div className="grid-2">
          <ChartCard
            id="customer-cost"
            title={`Cost per day (last ${DAYS} days)`}
            xs={xs}
            labels={labels}
            series={cost}
            format={formatUsd}
          />
          <ChartCard
            id="customer-calls"
            title={`Calls per day (last ${DAYS} days)`}
            xs={xs}
            labels={labels}
            series={calls}
            format={(v) => (Number.isInteger(v) ? formatInteger(v) : String(Number(v.toFixed(2))))}
          />
        </div>
      )}
      <h2>Sessions</h2>
      {sessions.isPending ? (
        <Loading label="Loading sessions…" />
      ) : sessions.error ? (
        <ErrorState error={sessions.error} onRetry={sessions.refetch} />
      ) : sessions.rows.length === 0 ? (
        <Empty title="No sessions for this customer" />
      ) : (
        <>
          <SessionsTable rows={sessions.rows} showCustomer={false} />
          <LoadMore hasMore={sessions.hasMore} loading={sessions.isLoadingMore} onLoad={sessions.loadMore} />
        </>
      )}
    </div>
  );
}
