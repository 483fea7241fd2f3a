/**
 * `GET /api/v1/metrics` (SPEC §5.8): LLM calls (kind llm/embedding) grouped by one dimension,
 * aggregate and duplicate rows excluded. Exact percentiles follow `percentile_cont` on both
 * dialects; long ranges with many calls are served from the hourly rollups with estimated
 * percentiles (docs/decisions/004-metric-rollups.md).
 */
import { type RawBuilder, sql } from "kysely";
import { aggregateFromRollups, planRollupQuery, toEstimatedRows } from "./metrics-from-rollups.js";
import type { Database } from "./open-database.js";
import { isCountedCall, type SpanFilters, spanWhere, toMicros } from "./span-filters.js";
import type { GroupKey } from "./store-dialect.js";

export const METRIC_GROUPS = [
  "model",
  "provider",
  "config_key",
  "customer_id",
  "prompt_version",
  "prompt_variant_index",
  "day",
  "hour",
] as const;
export type MetricGroup = (typeof METRIC_GROUPS)[number];

export interface MetricsQuery {
  group_by: MetricGroup;
  /** µs or ISO-8601, inclusive. */
  from?: number | string;
  /** µs or ISO-8601, exclusive. */
  to?: number | string;
  filters?: SpanFilters;
}

export type MetricsRow = {
  /** The group's value: a column value (null included), or `2025-01-31` / `2025-01-31T13:00:00Z`. */
  group: GroupKey;
  count: number;
  errors: number;
  duration_ms_p50: number | null;
  duration_ms_p95: number | null;
  duration_ms_p99: number | null;
  ttft_ms_p50: number | null;
  ttft_ms_p95: number | null;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  reasoning_tokens: number;
  /** Null when no call of the group was priced; see `unpriced_count`. */
  cost_usd: number | null;
  unpriced_count: number;
  /**
   * True when the percentiles are histogram estimates (within 2.5 % of the exact value) read
   * from the hourly rollups; false when they are exact (`percentile_cont` over the calls).
   */
  percentiles_estimated: boolean;
};

/** Ranges up to this long are always answered exactly from the spans. */
export const EXACT_RANGE_MICROS = 24 * 3_600_000_000;
/** At most this many matching calls are answered exactly from the spans, whatever the range. */
export const EXACT_CALLS_LIMIT = 10_000;

export interface MetricsOptions {
  /** Overrides {@link EXACT_CALLS_LIMIT} (tests force the rollup path with 0). */
  exactCallsLimit?: number;
}

const tokenSum = (column: string, alias: string) =>
  sql<number>`coalesce(sum(${sql.ref(`spans.${column}`)}), 0)`.as(alias);

/**
 * @example
 * const rows = await metrics(database, projectId, { group_by: "model", from: "2025-01-01T00:00:00Z" });
 */
export async function metrics(
  database: Database,
  projectId: string,
  query: MetricsQuery,
  options: MetricsOptions = {},
): Promise<MetricsRow[]> {
  const plan = planRollupQuery(query);
  const short =
    query.from !== undefined &&
    query.to !== undefined &&
    toMicros(query.to, "to") - toMicros(query.from, "from") <= EXACT_RANGE_MICROS;
  if (!plan || short) return metricsFromSpans(database, projectId, query);
  const { groups, calls } = await aggregateFromRollups(database, projectId, query, plan);
  if (calls <= (options.exactCallsLimit ?? EXACT_CALLS_LIMIT))
    return metricsFromSpans(database, projectId, query);
  return sortRows(toEstimatedRows(groups), query.group_by);
}

function sortRows(rows: MetricsRow[], groupBy: MetricGroup): MetricsRow[] {
  const isTime = groupBy === "day" || groupBy === "hour";
  const byGroup = (a: MetricsRow, b: MetricsRow) =>
    String(a.group ?? "").localeCompare(String(b.group ?? ""));
  return rows.sort(isTime ? byGroup : (a, b) => b.count - a.count || byGroup(a, b));
}

/** The exact form: one scan of the matching calls (plus one per percentile column). */
export async function metricsFromSpans(
  database: Database,
  projectId: string,
  query: MetricsQuery,
): Promise<MetricsRow[]> {
  const { kysely, dialect } = database;
  const filters: SpanFilters = { ...query.filters };
  if (query.from !== undefined) filters.from = query.from;
  if (query.to !== undefined) filters.to = query.to;
  const group: RawBuilder<GroupKey> =
    query.group_by === "day" || query.group_by === "hour"
      ? dialect.timeBucket("spans.start_time", query.group_by)
      : sql<GroupKey>`${sql.ref(`spans.${query.group_by}`)}`;

  const calls = () =>
    kysely
      .selectFrom("spans")
      .where(spanWhere(dialect, projectId, filters))
      .where(isCountedCall);

  const [rows, durations, ttfts] = await Promise.all([
    calls()
      .select([
        group.as("g"),
        sql<number>`count(*)`.as("count"),
        sql<number>`sum(case when spans.status = 'ERROR' then 1 else 0 end)`.as("errors"),
        tokenSum("input_tokens", "input_tokens"),
        tokenSum("output_tokens", "output_tokens"),
        tokenSum("cache_read_tokens", "cache_read_tokens"),
        tokenSum("cache_write_tokens", "cache_write_tokens"),
        tokenSum("reasoning_tokens", "reasoning_tokens"),
        sql<number | null>`sum(spans.cost_usd)`.as("cost_usd"),
        sql<number>`sum(case when spans.cost_status = 'unpriced' then 1 else 0 end)`.as("unpriced_count"),
      ])
      // Grouping by the output name keeps one spelling of a parameterised expression.
      .groupBy(sql`g`)
      .execute(),
    dialect.percentiles(
      kysely,
      calls().select([group.as("g"), sql.ref("spans.duration_ms").as("x")]),
      [0.5, 0.95, 0.99],
    ),
    dialect.percentiles(
      kysely,
      calls().select([group.as("g"), sql.ref("spans.ttft_ms").as("x")]),
      [0.5, 0.95],
    ),
  ]);

  const out: MetricsRow[] = rows.map((row) => {
    const duration = durations.get(row.g);
    const ttft = ttfts.get(row.g);
    return {
      group: row.g,
      count: Number(row.count),
      errors: Number(row.errors),
      duration_ms_p50: duration?.[0] ?? null,
      duration_ms_p95: duration?.[1] ?? null,
      duration_ms_p99: duration?.[2] ?? null,
      ttft_ms_p50: ttft?.[0] ?? null,
      ttft_ms_p95: ttft?.[1] ?? null,
      input_tokens: Number(row.input_tokens),
      output_tokens: Number(row.output_tokens),
      cache_read_tokens: Number(row.cache_read_tokens),
      cache_write_tokens: Number(row.cache_write_tokens),
      reasoning_tokens: Number(row.reasoning_tokens),
      cost_usd: row.cost_usd === null ? null : Number(row.cost_usd),
      unpriced_count: Number(row.unpriced_count),
      percentiles_estimated: false,
    };
  });
  return sortRows(out, query.group_by);
}
