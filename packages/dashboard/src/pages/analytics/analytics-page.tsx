/**
 * `/observability/analytics`: calls, errors, cost, tokens, latency and TTFT over a range and
 * bucket, optionally split by model / provider / config key / customer; a table under every
 * chart; cost per config key and per model; unpriced models called out.
 */
import { useMemo } from "react";
import type { MetricRow } from "../../api/types.js";
import type { ChartSeries } from "../../components/charts/time-chart.js";
import { RangeSelect } from "../../components/range-select.js";
import { ErrorState, Loading } from "../../components/states.js";
import { formatInteger, formatMs, formatPercent, formatUsd } from "../../format/format-number.js";
import { rangeMs } from "../../format/time-range.js";
import { Link } from "../../router/link.js";
import { paths } from "../../router/match-route.js";
import { useSearchParam } from "../../router/use-search-params.js";
import { ChartCard } from "./chart-card.js";
import { GroupTable } from "./group-table.js";
import { alignRows, type Bucket, bucketStarts } from "./time-buckets.js";
import { SPLITS, useMetricsSeries } from "./use-metrics-series.js";

interface MetricDef {
  id: string;
  title: string;
  format: (value: number) => string;
  /** Per-row value and the value of an empty bucket. */
  pick: (row: MetricRow) => number | null;
  empty: number | null;
  /** Series for the unsplit chart; default one series named by the title. */
  totals?: Array<{ label: string; pick: (row: MetricRow) => number | null; empty: number | null }>;
  splittable: boolean;
}

/** Counts: integers grouped; fractional axis ticks (0.5) as they are, never rounded into repeats. */
const count = (value: number) =>
  Number.isInteger(value) ? formatInteger(value) : String(Number(value.toFixed(2)));
const DEFS: MetricDef[] = [
  { id: "calls", title: "Calls", format: count, pick: (r) => r.count, empty: 0, splittable: true },
  { id: "errors", title: "Errors", format: count, pick: (r) => r.errors, empty: 0, splittable: true },
  {
    id: "error-rate",
    title: "Error rate",
    format: (v) => formatPercent(v),
    pick: (r) => (r.count > 0 ? r.errors / r.count : null),
    empty: null,
    splittable: true,
  },
  { id: "cost", title: "Cost (USD)", format: formatUsd, pick: (r) => r.cost_usd, empty: 0, splittable: true },
  {
    id: "tokens",
    title: "Tokens by kind",
    format: count,
    pick: (r) => (r.input_tokens ?? 0) + (r.output_tokens ?? 0),
    empty: 0,
    totals: [
      { label: "Input", pick: (r) => r.input_tokens ?? 0, empty: 0 },
      { label: "Output", pick: (r) => r.output_tokens ?? 0, empty: 0 },
      { label: "Cache read", pick: (r) => r.cache_read_tokens ?? 0, empty: 0 },
      { label: "Cache write", pick: (r) => r.cache_write_tokens ?? 0, empty: 0 },
      { label: "Reasoning", pick: (r) => r.reasoning_tokens ?? 0, empty: 0 },
    ],
    splittable: false,
  },
  {
    id: "latency",
    title: "Latency p50 / p95",
    format: formatMs,
    pick: (r) => r.duration_ms_p95,
    empty: null,
    totals: [
      { label: "p50", pick: (r) => r.duration_ms_p50, empty: null },
      { label: "p95", pick: (r) => r.duration_ms_p95, empty: null },
    ],
    splittable: true,
  },
  {
    id: "ttft",
    title: "Time to first token p50 / p95",
    format: formatMs,
    pick: (r) => r.ttft_ms_p95,
    empty: null,
    totals: [
      { label: "p50", pick: (r) => r.ttft_ms_p50, empty: null },
      { label: "p95", pick: (r) => r.ttft_ms_p95, empty: null },
    ],
    splittable: true,
  },
];

/** `from`/`to` URL values: epoch ms or ISO-8601; null when absent or unreadable. */
function parseTimeParam(value: string): number | null {
  if (!value) return null;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

function bucketLabel(ms: number, bucket: Bucket): string {
  const iso = new Date(ms).toISOString();
  return bucket === "day" ? iso.slice(0, 10) : `${iso.slice(0, 13)}:00:00Z`;
}

export function AnalyticsPage() {
  const [range, setRange] = useSearchParam("range", "7d");
  const [bucketParam, setBucket] = useSearchParam("bucket", "");
  const [split, setSplit] = useSearchParam("split", "");
  const span = rangeMs(range) ?? 7 * 86_400_000;
  const bucket: Bucket =
    bucketParam === "hour" || bucketParam === "day" ? bucketParam : span <= 86_400_000 ? "hour" : "day";
  // The window is fixed when the controls change, so the queries keep one cache key meanwhile.
  const [fromParam] = useSearchParam("from", "");
  const [toParam] = useSearchParam("to", "");
  // A fixed window (`from`/`to`, epoch ms or ISO) wins over the relative range, for shared links.
  const window_ = useMemo(() => {
    const to = parseTimeParam(toParam) ?? Date.now();
    const from = parseTimeParam(fromParam) ?? to - span;
    return { from, to };
  }, [span, fromParam, toParam]);
  const baseQuery = `from=${window_.from}${toParam ? `&to=${window_.to}` : ""}`;
  const data = useMetricsSeries(baseQuery, bucket, split);

  const starts = useMemo(() => bucketStarts(window_.from, window_.to, bucket), [window_, bucket]);
  const xs = useMemo(() => starts.map((ms) => ms / 1000), [starts]);
  const labels = useMemo(() => starts.map((ms) => bucketLabel(ms, bucket)), [starts, bucket]);

  const charts = useMemo(() => {
    const totalRows = data.totals.data?.data;
    if (!totalRows) return null;
    return DEFS.map((def) => {
      let series: ChartSeries[];
      if (split && def.splittable && data.groups.length > 0) {
        series = data.perGroup.map(({ group, rows }) => ({
          label: def.totals ? `${group} ${def.totals[def.totals.length - 1]?.label}` : group,
          values: alignRows(starts, rows ?? [], def.pick, def.empty),
        }));
      } else {
        series = (def.totals ?? [{ label: def.title, pick: def.pick, empty: def.empty }]).map((s) => ({
          label: s.label,
          values: alignRows(starts, totalRows, s.pick, s.empty),
        }));
      }
      return { def, series };
    });
  }, [data.totals.data, data.perGroup, data.groups.length, split, starts]);

  const unpriced = (data.byModel.data?.data ?? []).filter((row) => row.unpriced_count > 0);

  return (
    <div className="page page-wide">
      <div className="page-header">
        <h1>Analytics</h1>
      </div>
      <section className="filters-row" aria-label="Chart settings">
        {fromParam ? (
          <p className="muted">
            {new Date(window_.from).toISOString().slice(0, 16)} –{" "}
            {new Date(window_.to).toISOString().slice(0, 16)} UTC
          </p>
        ) : (
          <RangeSelect value={range} onChange={setRange} allowAll={false} />
        )}
        <label className="field field-inline">
          <span>Bucket</span>
          <select value={bucket} onChange={(event) => setBucket(event.target.value)}>
            <option value="hour">Hour</option>
            <option value="day">Day</option>
          </select>
        </label>
        <label className="field field-inline">
          <span>Split by</span>
          <select value={split} onChange={(event) => setSplit(event.target.value)}>
            {SPLITS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
      </section>
      {unpriced.length > 0 ? (
        <div className="notice" role="note" data-testid="unpriced-callout">
          <strong>Unpriced models:</strong>{" "}
          {unpriced
            .map(
              (row) =>
                `${row.group ?? "(none)"} (${row.unpriced_count} ${row.unpriced_count === 1 ? "call" : "calls"})`,
            )
            .join(", ")}{" "}
          {unpriced.length === 1 ? "has" : "have"} no price, so those calls are left out of the cost sums.{" "}
          <Link to={paths.settings("prices")}>Add prices</Link>.
        </div>
      ) : null}
      {data.totals.error ? (
        <ErrorState error={data.totals.error} onRetry={() => data.totals.refetch()} />
      ) : !charts ? (
        <Loading label="Loading metrics…" />
      ) : (
        <>
          <div className="grid-2">
            {data.byConfigKey.data ? (
              <GroupTable
                id="config-key"
                title="Cost per config key"
                rows={data.byConfigKey.data.data}
                groupLabel="Config key"
              />
            ) : null}
            {data.byModel.data ? (
              <GroupTable
                id="model"
                title="Cost per model"
                rows={data.byModel.data.data}
                groupLabel="Model"
              />
            ) : null}
          </div>
          {split && data.perGroupPending ? <Loading label="Loading split series…" /> : null}
          <div className="grid-2">
            {charts.map(({ def, series }) => (
              <ChartCard
                key={def.id}
                id={def.id}
                title={def.title}
                xs={xs}
                labels={labels}
                series={series}
                format={def.format}
                {...(split && !def.splittable ? { note: "All calls (not split)." } : {})}
                {...(split && def.splittable && def.totals ? { note: "p95 per group." } : {})}
              />
            ))}
          </div>
          {split && data.splitRows && split !== "model" && split !== "config_key" ? (
            <GroupTable
              id="split"
              title={`Per ${SPLITS.find((s) => s.value === split)?.label.toLowerCase() ?? split}`}
              rows={data.splitRows}
              groupLabel={SPLITS.find((s) => s.value === split)?.label ?? split}
            />
          ) : null}
        </>
      )}
    </div>
  );
}
