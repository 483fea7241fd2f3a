/**
 * Writes a {@link RollupChanges} delta into the rollup tables, inside the caller's transaction
 * (the one that changed the spans). Entity rows are upserted with additive sums and merged
 * extremes; metric rows, whose histograms are JSON, are read, merged and written back (locked
 * first on PostgreSQL, where other processes may write the same rows). Rows left with no span
 * are deleted, then extremes that lost a span are recomputed from `spans`.
 */
import { CompiledQuery, sql } from "kysely";
import { insertRows } from "./bulk-sql.js";
import {
  type Histogram,
  mergeHistogram,
  mergeHistogramText,
  stringifyHistogram,
} from "./latency-histogram.js";
import {
  deleteEmpty,
  recomputeCustomers,
  recomputeSessions,
  recomputeTraces,
} from "./recompute-rollup-extremes.js";
import type { MetricDelta, RollupChanges, RootCandidate, SumsDelta } from "./rollup-changes.js";
import type { MetricRollupsTable } from "./schema.js";
import { chunk } from "./span-keys.js";
import type { Executor, StoreDialect } from "./store-dialect.js";

const SUM_COLUMNS = [
  "span_count",
  "llm_calls",
  "errors",
  "input_tokens",
  "output_tokens",
  "cost_usd",
  "priced_spans",
  "unpriced_calls",
] as const;

const add = (table: string, columns: readonly string[]) =>
  columns.map((column) => `${column} = ${table}.${column} + excluded.${column}`);
const least = (table: string, column: string) =>
  `${column} = case when excluded.${column} is not null and (${table}.${column} is null or excluded.${column} < ${table}.${column}) then excluded.${column} else ${table}.${column} end`;
const greatest = (table: string, column: string) =>
  `${column} = case when excluded.${column} is not null and (${table}.${column} is null or excluded.${column} > ${table}.${column}) then excluded.${column} else ${table}.${column} end`;

const ROOT_COLUMNS = [
  "root_rank",
  "root_start",
  "root_span_id",
  "root_name",
  "config_key",
  "session_id",
  "customer_id",
] as const;
const ROOT_WINS =
  "excluded.root_rank is not null and (trace_rollups.root_rank is null or " +
  "(excluded.root_rank, excluded.root_start, excluded.root_span_id) < " +
  "(trace_rollups.root_rank, trace_rollups.root_start, trace_rollups.root_span_id))";

const TRACE_COLUMNS = [
  "project_id",
  "trace_id",
  "start_time",
  "end_time",
  "error_spans",
  ...SUM_COLUMNS,
  ...ROOT_COLUMNS,
] as const;
const TRACE_UPSERT =
  "on conflict (project_id, trace_id) do update set " +
  [
    least("trace_rollups", "start_time"),
    greatest("trace_rollups", "end_time"),
    ...add("trace_rollups", ["error_spans", ...SUM_COLUMNS]),
    ...ROOT_COLUMNS.map(
      (column) =>
        `${column} = case when ${ROOT_WINS} then excluded.${column} else trace_rollups.${column} end`,
    ),
  ].join(", ");

const SESSION_COLUMNS = [
  "project_id",
  "session_id",
  "config_key",
  "customer_id",
  "first_activity",
  "last_activity",
  ...SUM_COLUMNS,
] as const;
const SESSION_UPSERT =
  "on conflict (project_id, session_id) do update set " +
  [
    greatest("session_rollups", "config_key"),
    greatest("session_rollups", "customer_id"),
    least("session_rollups", "first_activity"),
    greatest("session_rollups", "last_activity"),
    ...add("session_rollups", SUM_COLUMNS),
  ].join(", ");

const CUSTOMER_COLUMNS = ["project_id", "customer_id", "last_activity", ...SUM_COLUMNS] as const;
const CUSTOMER_UPSERT =
  "on conflict (project_id, customer_id) do update set " +
  [greatest("customer_rollups", "last_activity"), ...add("customer_rollups", SUM_COLUMNS)].join(", ");

const CUSTOMER_SESSION_COLUMNS = ["project_id", "customer_id", "session_id", "span_count"] as const;
const CUSTOMER_SESSION_UPSERT =
  "on conflict (project_id, customer_id, session_id) do update set span_count = customer_sessions.span_count + excluded.span_count";

export const METRIC_COLUMNS = [
  "project_id",
  "dimension",
  "bucket",
  "value",
  "calls",
  "errors",
  "input_tokens",
  "output_tokens",
  "cache_read_tokens",
  "cache_write_tokens",
  "reasoning_tokens",
  "cost_usd",
  "priced_calls",
  "unpriced_calls",
  "duration_hist",
  "ttft_hist",
] as const satisfies ReadonlyArray<keyof MetricRollupsTable>;
const METRIC_REPLACE =
  "on conflict (project_id, dimension, bucket, value) do update set " +
  METRIC_COLUMNS.slice(4)
    .map((column) => `${column} = excluded.${column}`)
    .join(", ");

const byKey = <T>(entries: Iterable<[string, T]>): Array<[string, T]> =>
  [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));

const rootColumns = (root: RootCandidate | null) =>
  root ?? {
    root_rank: null,
    root_start: null,
    root_span_id: null,
    root_name: null,
    config_key: null,
    session_id: null,
    customer_id: null,
  };

/**
 * How rollup rows reach the database: multi-row statements through Kysely (both dialects), or
 * single-row statements prepared once on the better-sqlite3 handle (`sqlite-rollup-rows.ts`).
 */
export interface RollupRowWriter {
  /** `insert into <table> (<columns>) values (…) <suffix>` for each row, in order. */
  upsert(
    table: string,
    columns: readonly string[],
    rows: readonly object[],
    suffix: string,
  ): Promise<void> | void;
  /** The stored `metric_rollups` rows among `keys` (locked `for update` on PostgreSQL). */
  selectMetrics(
    projectId: string,
    keys: readonly MetricKey[],
  ): Promise<MetricRollupsTable[]> | MetricRollupsTable[];
}

export type MetricKey = Pick<MetricRollupsTable, "dimension" | "bucket" | "value">;

export function kyselyRollupRows(db: Executor, dialect: StoreDialect): RollupRowWriter {
  return {
    async upsert(table, columns, rows, suffix) {
      await insertRows(db, dialect, table, columns as ReadonlyArray<keyof object & string>, rows, suffix);
    },
    async selectMetrics(projectId, keys) {
      const out: MetricRollupsTable[] = [];
      for (const part of chunk(keys, 3, dialect.maxBindParameters)) {
        const parameters: unknown[] = [projectId];
        const tuples: string[] = [];
        for (const key of part) {
          const p = parameters.length;
          tuples.push(
            `(${dialect.placeholder(p)}, cast(${dialect.placeholder(p + 1)} as bigint), ${dialect.placeholder(p + 2)})`,
          );
          parameters.push(key.dimension, key.bucket, key.value);
        }
        const text =
          `select ${METRIC_COLUMNS.join(", ")} from metric_rollups where project_id = ${dialect.placeholder(0)} ` +
          `and (dimension, bucket, value) in (values ${tuples.join(", ")})` +
          (dialect.concurrentWriters ? " for update" : "");
        out.push(...(await db.executeQuery<MetricRollupsTable>(CompiledQuery.raw(text, parameters))).rows);
      }
      return out;
    },
  };
}

/** Applies `changes` for `projectId` inside `db` (a transaction). */
export async function flushRollupChanges(
  db: Executor,
  dialect: StoreDialect,
  projectId: string,
  changes: RollupChanges,
  rows: RollupRowWriter = kyselyRollupRows(db, dialect),
): Promise<void> {
  if (changes.isEmpty) return;
  const sums = (delta: SumsDelta): SumsDelta => ({
    span_count: delta.span_count,
    llm_calls: delta.llm_calls,
    errors: delta.errors,
    input_tokens: delta.input_tokens,
    output_tokens: delta.output_tokens,
    cost_usd: delta.cost_usd,
    priced_spans: delta.priced_spans,
    unpriced_calls: delta.unpriced_calls,
  });

  await rows.upsert(
    "trace_rollups",
    TRACE_COLUMNS,
    byKey(changes.traces).map(([traceId, delta]) => ({
      project_id: projectId,
      trace_id: traceId,
      start_time: delta.start_time,
      end_time: delta.end_time,
      error_spans: delta.error_spans,
      ...sums(delta),
      ...rootColumns(delta.root),
    })),
    TRACE_UPSERT,
  );
  await rows.upsert(
    "session_rollups",
    SESSION_COLUMNS,
    byKey(changes.sessions).map(([sessionId, delta]) => ({
      project_id: projectId,
      session_id: sessionId,
      config_key: delta.config_key,
      customer_id: delta.customer_id,
      first_activity: delta.first_activity,
      last_activity: delta.last_activity,
      ...sums(delta),
    })),
    SESSION_UPSERT,
  );
  await rows.upsert(
    "customer_rollups",
    CUSTOMER_COLUMNS,
    byKey(changes.customers).map(([customerId, delta]) => ({
      project_id: projectId,
      customer_id: customerId,
      last_activity: delta.last_activity,
      ...sums(delta),
    })),
    CUSTOMER_UPSERT,
  );
  const pairs = byKey(changes.customerSessions).filter(([, count]) => count !== 0);
  await rows.upsert(
    "customer_sessions",
    CUSTOMER_SESSION_COLUMNS,
    pairs.map(([key, count]) => {
      const [customerId, sessionId] = key.split("\u0000") as [string, string];
      return { project_id: projectId, customer_id: customerId, session_id: sessionId, span_count: count };
    }),
    CUSTOMER_SESSION_UPSERT,
  );
  await flushMetrics(db, dialect, projectId, [...changes.metrics.values()], rows);

  // Rows that lost spans: delete the empty ones, recompute the extremes of the others.
  await deleteEmpty(db, dialect, projectId, "trace_rollups", "trace_id", changes.recomputeTraces);
  await deleteEmpty(db, dialect, projectId, "session_rollups", "session_id", changes.recomputeSessions);
  await deleteEmpty(
    db,
    dialect,
    projectId,
    "customer_rollups",
    "customer_id",
    changes.recomputeCustomers.keys(),
  );
  if (pairs.some(([, count]) => count < 0))
    await sql`delete from customer_sessions where project_id = ${projectId} and span_count <= 0`.execute(db);
  await recomputeTraces(db, dialect, projectId, [...changes.recomputeTraces]);
  await recomputeSessions(db, dialect, projectId, [...changes.recomputeSessions]);
  await recomputeCustomers(db, dialect, projectId, changes.recomputeCustomers);
}

async function flushMetrics(
  db: Executor,
  dialect: StoreDialect,
  projectId: string,
  deltas: MetricDelta[],
  writer: RollupRowWriter,
): Promise<void> {
  if (deltas.length === 0) return;
  deltas.sort((a, b) =>
    a.dimension !== b.dimension
      ? a.dimension < b.dimension
        ? -1
        : 1
      : a.bucket !== b.bucket
        ? a.bucket - b.bucket
        : a.value < b.value
          ? -1
          : a.value > b.value
            ? 1
            : 0,
  );
  const keyOf = (row: { dimension: string; bucket: number; value: string }) =>
    `${row.dimension}\u0000${Number(row.bucket)}\u0000${row.value}`;
  if (dialect.concurrentWriters) {
    // Make every row exist, so that `for update` below locks it even if another process is
    // creating it right now (the insert waits for that process's commit).
    await insertRows(
      db,
      dialect,
      "metric_rollups",
      ["project_id", "dimension", "bucket", "value"],
      deltas.map((delta) => ({ project_id: projectId, ...delta })),
      "on conflict do nothing",
    );
  }
  const stored = new Map<string, MetricRollupsTable>();
  for (const row of await writer.selectMetrics(projectId, deltas)) stored.set(keyOf(row), row);

  const rows: MetricRollupsTable[] = [];
  const emptied: MetricDelta[] = [];
  for (const delta of deltas) {
    const row = stored.get(keyOf(delta));
    const next: MetricRollupsTable = {
      project_id: projectId,
      dimension: delta.dimension,
      bucket: delta.bucket,
      value: delta.value,
      calls: Number(row?.calls ?? 0) + delta.calls,
      errors: Number(row?.errors ?? 0) + delta.errors,
      input_tokens: Number(row?.input_tokens ?? 0) + delta.input_tokens,
      output_tokens: Number(row?.output_tokens ?? 0) + delta.output_tokens,
      cache_read_tokens: Number(row?.cache_read_tokens ?? 0) + delta.cache_read_tokens,
      cache_write_tokens: Number(row?.cache_write_tokens ?? 0) + delta.cache_write_tokens,
      reasoning_tokens: Number(row?.reasoning_tokens ?? 0) + delta.reasoning_tokens,
      cost_usd: Number(row?.cost_usd ?? 0) + delta.cost_usd,
      priced_calls: Number(row?.priced_calls ?? 0) + delta.priced_calls,
      unpriced_calls: Number(row?.unpriced_calls ?? 0) + delta.unpriced_calls,
      duration_hist: mergedHistogramText(row?.duration_hist, delta.duration),
      ttft_hist: mergedHistogramText(row?.ttft_hist, delta.ttft),
    };
    if (next.calls <= 0) emptied.push(delta);
    else rows.push(next);
  }
  await writer.upsert("metric_rollups", METRIC_COLUMNS, rows, METRIC_REPLACE);
  for (const part of chunk(emptied, 3, dialect.maxBindParameters)) {
    const tuples = part.map(
      (delta) => sql`(${delta.dimension}, cast(${delta.bucket} as bigint), ${delta.value})`,
    );
    await sql`delete from metric_rollups where project_id = ${projectId}
      and (dimension, bucket, value) in (values ${sql.join(tuples)})`.execute(db);
  }
}

/**
 * The stored histogram text with `delta` merged in. An empty delta (most rows get no TTFT: only
 * streamed calls have one) keeps the stored text as it is instead of parsing and rewriting it.
 */
function mergedHistogramText(stored: string | null | undefined, delta: Histogram): string {
  if (delta.size === 0 && typeof stored === "string") return stored;
  const merged: Histogram = new Map();
  mergeHistogramText(merged, stored);
  mergeHistogram(merged, delta);
  return stringifyHistogram(merged);
}
