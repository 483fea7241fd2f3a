/**
 * `GET /api/v1/metrics` from `metric_rollups` (docs/decisions/004-metric-rollups.md): whole UTC
 * hours come from the hourly rows, the partial hours at either end of the range from the spans,
 * so counts and sums are exact. Percentiles are estimated from the log-bucket histograms
 * (within 2.5 %); the caller uses the exact span scan instead when few calls match.
 */
import { sql } from "kysely";
import {
  addToHistogram,
  binOf,
  type Histogram,
  histogramPercentiles,
  mergeHistogramText,
} from "./latency-histogram.js";
import { emptyMetricSums, type MetricSums } from "./metric-sums.js";
import type { MetricGroup, MetricsQuery, MetricsRow } from "./metrics-query.js";
import type { Database } from "./open-database.js";
import { HOUR_MICROS, METRIC_DIMENSIONS, type MetricDimension } from "./rollup-changes.js";
import { roundCostSum } from "./rollup-columns.js";
import { hasFilters, isCountedCall, type SpanFilters, spanWhere, toMicros } from "./span-filters.js";
import type { GroupKey } from "./store-dialect.js";

interface Accumulated extends MetricSums {
  group: GroupKey;
  duration: Histogram;
  ttft: Histogram;
}

/** What the rollups can answer: the dimension rows to read and the one value to keep (if any). */
export interface RollupPlan {
  dimension: MetricDimension;
  /** JSON spelling of the filtered value, when a dimension filter applies. */
  value?: string;
}

const DIMENSION_FILTERS: ReadonlySet<string> = new Set(METRIC_DIMENSIONS.filter((d) => d !== "all"));
const isTime = (group: MetricGroup): group is "day" | "hour" => group === "day" || group === "hour";

/**
 * The rollup rows that answer `query`, or null when a filter needs the span scan: any filter
 * except one equality on a dimension column that is also the grouping (or with a time grouping).
 */
export function planRollupQuery(query: MetricsQuery): RollupPlan | null {
  const filters: SpanFilters = { ...query.filters };
  delete filters.from;
  delete filters.to;
  if (!hasFilters(filters))
    return { dimension: isTime(query.group_by) ? "all" : (query.group_by as MetricDimension) };
  const named = Object.entries(filters).filter(([, value]) => value !== undefined);
  if (named.length !== 1) return null;
  const [name, value] = named[0] as [string, unknown];
  if (!DIMENSION_FILTERS.has(name)) return null;
  if (!isTime(query.group_by) && query.group_by !== name) return null;
  return { dimension: name as MetricDimension, value: JSON.stringify(value) };
}

const hourLabel = (bucket: number, unit: "day" | "hour"): string => {
  const iso = new Date(bucket / 1000).toISOString();
  return unit === "day" ? iso.slice(0, 10) : `${iso.slice(0, 13)}:00:00Z`;
};

/** Counts, sums and histograms per group; `calls` is the total across groups. */
export async function aggregateFromRollups(
  database: Database,
  projectId: string,
  query: MetricsQuery,
  plan: RollupPlan,
): Promise<{ groups: Map<string, Accumulated>; calls: number }> {
  const from = query.from === undefined ? undefined : toMicros(query.from, "from");
  const to = query.to === undefined ? undefined : toMicros(query.to, "to");
  const firstHour = from === undefined ? undefined : Math.ceil(from / HOUR_MICROS) * HOUR_MICROS;
  const endHour = to === undefined ? undefined : Math.floor(to / HOUR_MICROS) * HOUR_MICROS;
  const groups = new Map<string, Accumulated>();
  let calls = 0;
  const groupFor = (group: GroupKey): Accumulated => {
    const key = JSON.stringify(group);
    let acc = groups.get(key);
    if (!acc) {
      acc = {
        group,
        ...emptyMetricSums(),
        duration: new Map(),
        ttft: new Map(),
      };
      groups.set(key, acc);
    }
    return acc;
  };
  const groupBy = query.group_by;

  let rows = database.kysely
    .selectFrom("metric_rollups")
    .selectAll()
    .where("project_id", "=", projectId)
    .where("dimension", "=", plan.dimension);
  if (firstHour !== undefined) rows = rows.where("bucket", ">=", firstHour);
  if (endHour !== undefined) rows = rows.where("bucket", "<", endHour);
  if (plan.value !== undefined) rows = rows.where("value", "=", plan.value);
  for (const row of await rows.execute()) {
    const acc = groupFor(
      isTime(groupBy) ? hourLabel(Number(row.bucket), groupBy) : (JSON.parse(row.value) as GroupKey),
    );
    acc.calls += Number(row.calls);
    acc.errors += Number(row.errors);
    acc.input_tokens += Number(row.input_tokens);
    acc.output_tokens += Number(row.output_tokens);
    acc.cache_read_tokens += Number(row.cache_read_tokens);
    acc.cache_write_tokens += Number(row.cache_write_tokens);
    acc.reasoning_tokens += Number(row.reasoning_tokens);
    acc.cost_usd += Number(row.cost_usd);
    acc.priced_calls += Number(row.priced_calls);
    acc.unpriced_calls += Number(row.unpriced_calls);
    mergeHistogramText(acc.duration, row.duration_hist);
    mergeHistogramText(acc.ttft, row.ttft_hist);
    calls += Number(row.calls);
  }

  // The partial hours at the ends of the range, from the spans themselves.
  const edges: Array<[number, number]> = [];
  if (from !== undefined && firstHour !== undefined && from < firstHour)
    edges.push([from, to === undefined ? firstHour : Math.min(firstHour, to)]);
  if (
    to !== undefined &&
    endHour !== undefined &&
    endHour < to &&
    (firstHour === undefined || endHour >= firstHour)
  )
    edges.push([endHour, to]);
  for (const [edgeFrom, edgeTo] of edges) {
    const filters: SpanFilters = { ...query.filters, from: edgeFrom, to: edgeTo };
    const spans = await database.kysely
      .selectFrom("spans")
      .select([
        "start_time",
        "status",
        "duration_ms",
        "ttft_ms",
        "input_tokens",
        "output_tokens",
        "cache_read_tokens",
        "cache_write_tokens",
        "reasoning_tokens",
        "cost_usd",
        "cost_status",
        ...(isTime(groupBy) ? [] : [sql.ref(`spans.${groupBy}`).as("g")]),
      ])
      .where(spanWhere(database.dialect, projectId, filters))
      .where(isCountedCall)
      .execute();
    for (const span of spans as Array<Record<string, unknown>>) {
      const start = Number(span.start_time);
      const acc = groupFor(
        isTime(groupBy)
          ? hourLabel(Math.floor(start / HOUR_MICROS) * HOUR_MICROS, groupBy)
          : ((span.g ?? null) as GroupKey),
      );
      acc.calls += 1;
      if (span.status === "ERROR") acc.errors += 1;
      acc.input_tokens += Number(span.input_tokens ?? 0);
      acc.output_tokens += Number(span.output_tokens ?? 0);
      acc.cache_read_tokens += Number(span.cache_read_tokens ?? 0);
      acc.cache_write_tokens += Number(span.cache_write_tokens ?? 0);
      acc.reasoning_tokens += Number(span.reasoning_tokens ?? 0);
      if (span.cost_usd !== null) {
        acc.cost_usd += Number(span.cost_usd);
        acc.priced_calls += 1;
      }
      if (span.cost_status === "unpriced") acc.unpriced_calls += 1;
      if (span.duration_ms !== null) addToHistogram(acc.duration, binOf(Number(span.duration_ms)), 1);
      if (span.ttft_ms !== null) addToHistogram(acc.ttft, binOf(Number(span.ttft_ms)), 1);
      calls += 1;
    }
  }
  for (const [key, acc] of groups) if (acc.calls <= 0) groups.delete(key);
  return { groups, calls };
}

/** The accumulated groups as API rows, percentiles estimated from the histograms. */
export function toEstimatedRows(groups: Map<string, Accumulated>): MetricsRow[] {
  return [...groups.values()].map((acc) => {
    const [p50, p95, p99] = histogramPercentiles(acc.duration, [0.5, 0.95, 0.99]);
    const [t50, t95] = histogramPercentiles(acc.ttft, [0.5, 0.95]);
    return {
      group: acc.group,
      count: acc.calls,
      errors: acc.errors,
      duration_ms_p50: p50 ?? null,
      duration_ms_p95: p95 ?? null,
      duration_ms_p99: p99 ?? null,
      ttft_ms_p50: t50 ?? null,
      ttft_ms_p95: t95 ?? null,
      input_tokens: acc.input_tokens,
      output_tokens: acc.output_tokens,
      cache_read_tokens: acc.cache_read_tokens,
      cache_write_tokens: acc.cache_write_tokens,
      reasoning_tokens: acc.reasoning_tokens,
      cost_usd: acc.priced_calls > 0 ? roundCostSum(acc.cost_usd) : null,
      unpriced_count: acc.unpriced_calls,
      percentiles_estimated: true,
    };
  });
}
