#!/usr/bin/env node
/**
 * What-if experiments for the read queries that miss their targets (see docs/benchmarks.md):
 * on a COPY of the generated database, applies one candidate change at a time and times the
 * compiled store functions (the server's own SQL, unchanged) or the proposed replacement SQL,
 * before and after. Nothing under packages/server is touched; this is evidence for the store's
 * owner, not a fix.
 *
 *   node bench/query-fixes.mjs --data /tmp/fallom-bench-1m
 *
 * Experiments:
 *   A  ANALYZE (what `PRAGMA optimize` at close/start-up would give the planner)
 *   B  list indexes that end in the full ORDER BY (start_time desc, span_id desc, trace_id desc)
 *   C  a covering index for the metrics scan
 *   D  rollup tables (sessions, customers, traces, hourly metrics with duration/TTFT histograms)
 *
 * Options: --data DIR (required) --calls N (10 per query and experiment)
 *          --keep (keep the modified copy — B's indexes, D's tables — as a data dir for queries.mjs)
 */
import { copyFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { readQueries } from "./lib/read-queries.mjs";
import { loadStoreQueries, openRecordingDatabase } from "./lib/recording-database.mjs";
import { fixed, grouped, percentile, table } from "./lib/stats.mjs";

const { values: args } = parseArgs({
  options: {
    data: { type: "string" },
    calls: { type: "string", default: "10" },
    keep: { type: "boolean", default: false },
  },
});
if (!args.data) {
  process.stderr.write("usage: node bench/query-fixes.mjs --data <dir written by generate-spans.mjs>\n");
  process.exit(2);
}
/** Log buckets of 5 % width from 1 ms: relative error of a percentile ≤ ~2.5 %. */
const BUCKET_BASE = 1.05;
const bucketOf = (/** @type {number} */ ms) =>
  ms <= 1 ? 0 : Math.ceil(Math.log(ms) / Math.log(BUCKET_BASE));
const bucketValue = (/** @type {number} */ bucket) => BUCKET_BASE ** (bucket - 0.5);
const CALLS = Number(args.calls);
/** Slow queries get fewer calls (at least 3) so that the whole run stays within a few minutes. */
const TIME_BUDGET_MS = 5_000;
const dataDir = resolve(String(args.data));
const dataset = JSON.parse(await readFile(join(dataDir, "bench-dataset.json"), "utf8"));
const log = (/** @type {string} */ line) => process.stdout.write(`${line}\n`);
const queries = readQueries(dataset);
const store = await loadStoreQueries();

const workDir = await mkdtemp(join(tmpdir(), "fallom-bench-fixes-"));
const copyPath = join(workDir, "fallom.db");
log(`copying ${dataDir}/fallom.db → ${copyPath}`);
await copyFile(join(dataDir, "fallom.db"), copyPath);

/** @type {Awaited<ReturnType<typeof openRecordingDatabase>>} */
let connection = await openRecordingDatabase(copyPath, { readonly: false });
const reopen = async () => {
  await connection.database.close();
  connection = await openRecordingDatabase(copyPath, { readonly: false });
};
const pages = () => /** @type {number} */ (connection.raw.pragma("page_count", { simple: true }));
const timed = (/** @type {() => void} */ work) => {
  const started = performance.now();
  work();
  return (performance.now() - started) / 1000;
};

/**
 * Median and max of up to CALLS calls of a store query (one warm-up), rotating its parameter values.
 * @param {string} name
 */
async function measure(name) {
  const query = queries.find((q) => q.name === name);
  if (!query) throw new Error(`unknown query ${name}`);
  const api = { ...store, database: connection.database, projectId: dataset.projectId };
  await query.store(api, CALLS);
  /** @type {number[]} */
  const times = [];
  const begun = performance.now();
  for (let i = 0; i < CALLS; i += 1) {
    if (i >= 3 && performance.now() - begun > TIME_BUDGET_MS) break;
    const started = performance.now();
    await query.store(api, i);
    times.push(performance.now() - started);
  }
  return { median: percentile(times, 0.5), p95: percentile(times, 0.95), max: Math.max(...times) };
}

/**
 * Median and max of up to CALLS runs of a function (for the proposed SQL of experiment D).
 * @param {(i: number) => unknown} run
 */
function measureSql(run) {
  run(CALLS);
  /** @type {number[]} */
  const times = [];
  const begun = performance.now();
  for (let i = 0; i < CALLS; i += 1) {
    if (i >= 3 && performance.now() - begun > TIME_BUDGET_MS) break;
    const started = performance.now();
    run(i);
    times.push(performance.now() - started);
  }
  return { median: percentile(times, 0.5), p95: percentile(times, 0.95), max: Math.max(...times) };
}

/** @type {Array<[string, string, string, string, string]>} */
const rows = [];
const record = (
  /** @type {string} */ experiment,
  /** @type {string} */ name,
  /** @type {{ median: number, max: number }} */ before,
  /** @type {{ median: number, max: number }} */ after,
) => {
  rows.push([
    experiment,
    name,
    `${fixed(before.median)} / ${fixed(before.max)}`,
    `${fixed(after.median)} / ${fixed(after.max)}`,
    `${fixed(before.median / Math.max(after.median, 0.001), 1)}×`,
  ]);
  log(
    `  ${name}: median/max ${fixed(before.median)}/${fixed(before.max)} ms → ${fixed(after.median)}/${fixed(after.max)} ms`,
  );
};

try {
  const LIST_QUERIES = [
    "spans first page",
    "spans customer_id=",
    "spans model=",
    "spans session_id=",
    "spans status=ERROR",
    "session detail",
  ];
  log("baseline (the server's schema and SQL, on the copy) …");
  /** @type {Map<string, Awaited<ReturnType<typeof measure>>>} */
  const baseline = new Map();
  for (const name of queries.map((q) => q.name)) baseline.set(name, await measure(name));
  for (const [name, m] of baseline) log(`  ${name}: median ${fixed(m.median)} ms, max ${fixed(m.max)} ms`);
  const before = (/** @type {string} */ name) =>
    /** @type {{ median: number, max: number }} */ (baseline.get(name));

  // A — planner statistics.
  log("A: ANALYZE …");
  log(
    `  ANALYZE took ${fixed(
      timed(() => connection.raw.exec("analyze")),
      1,
    )} s`,
  );
  await reopen();
  for (const name of LIST_QUERIES) record("A analyze", name, before(name), await measure(name));
  // Undo: every statistics table (better-sqlite3 builds SQLite with STAT4, so there are two).
  const statTables = connection.raw
    .prepare("select name from sqlite_master where type = 'table' and name like 'sqlite_stat%'")
    .pluck()
    .all();
  for (const name of statTables) connection.raw.exec(`drop table ${name}`);
  await reopen();

  // B — list indexes whose column order also serves the list's ORDER BY (no sort, no detour
  // through spans_newest). The old three-column indexes are dropped: they are prefixes.
  log("B: order-complete list indexes …");
  const pagesBefore = pages();
  const seconds = timed(() => {
    for (const column of ["session_id", "customer_id", "model", "config_key"]) {
      const old = {
        session_id: "spans_session",
        customer_id: "spans_customer",
        model: "spans_model",
        config_key: "spans_config_key",
      }[column];
      connection.raw.exec(`drop index ${old}`);
      connection.raw.exec(
        `create index ${old} on spans (project_id, ${column}, start_time desc, span_id desc, trace_id desc)`,
      );
    }
  });
  log(
    `  rebuilt 4 indexes in ${fixed(seconds, 1)} s; database ${pages() - pagesBefore >= 0 ? "+" : ""}${grouped(((pages() - pagesBefore) * 4096) / 1024 ** 2)} MiB`,
  );
  await reopen();
  for (const name of LIST_QUERIES)
    record("B order-complete indexes", name, before(name), await measure(name));

  // C — a covering index for the metrics scan (no table lookups).
  log("C: covering index for metrics …");
  const pagesBeforeC = pages();
  const secondsC = timed(() =>
    connection.raw.exec(
      `create index spans_metrics_cover on spans (project_id, start_time, kind, is_aggregate, duplicate_of, status,
         model, provider, config_key, customer_id, duration_ms, ttft_ms, input_tokens, output_tokens,
         cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd, cost_status)`,
    ),
  );
  log(`  built in ${fixed(secondsC, 1)} s; +${grouped(((pages() - pagesBeforeC) * 4096) / 1024 ** 2)} MiB`);
  await reopen();
  for (const name of ["metrics by day (30 d)", "metrics by model (30 d)"]) {
    record("C covering index", name, before(name), await measure(name));
  }
  connection.raw.exec("drop index spans_metrics_cover");

  // D — rollup tables, maintained by the writer in the same transaction as the spans (here built
  // once with INSERT … SELECT to time the reads they would allow).
  log("D: rollup tables …");
  const raw = connection.raw;
  const counted = "(kind in ('llm', 'embedding') and is_aggregate = 0 and duplicate_of is null)";
  const sums = `sum(case when ${counted} then 1 else 0 end) as llm_calls,
      sum(case when ${counted} and status = 'ERROR' then 1 else 0 end) as errors,
      coalesce(sum(case when is_aggregate = 0 and duplicate_of is null then input_tokens end), 0) as input_tokens,
      coalesce(sum(case when is_aggregate = 0 and duplicate_of is null then output_tokens end), 0) as output_tokens,
      sum(case when is_aggregate = 0 and duplicate_of is null then cost_usd end) as cost_usd`;
  const buildSessions = timed(() => {
    raw.exec(`create table session_rollups as select project_id, session_id, max(config_key) as config_key,
        max(customer_id) as customer_id, min(start_time) as first_activity,
        max(coalesce(end_time, start_time)) as last_activity, ${sums}
      from spans where session_id is not null group by project_id, session_id`);
    raw.exec(
      "create index session_rollups_recent on session_rollups (project_id, last_activity desc, session_id desc)",
    );
  });
  const buildCustomers = timed(() => {
    raw.exec(`create table customer_rollups as select project_id, customer_id, count(distinct session_id) as sessions,
        max(coalesce(end_time, start_time)) as last_activity, ${sums}
      from spans where customer_id is not null group by project_id, customer_id`);
    raw.exec(
      "create index customer_rollups_recent on customer_rollups (project_id, last_activity desc, customer_id desc)",
    );
  });
  const buildTraces = timed(() => {
    raw.exec(`create table trace_rollups as select project_id, trace_id, min(start_time) as first_start,
        max(coalesce(end_time, start_time)) as last_end, count(*) as span_count,
        max(case when status = 'ERROR' then 1 else 0 end) as has_error, ${sums}
      from spans group by project_id, trace_id`);
    raw.exec(
      "create index trace_rollups_recent on trace_rollups (project_id, first_start desc, trace_id desc)",
    );
  });
  log(
    `  built session_rollups in ${fixed(buildSessions, 1)} s, customer_rollups in ${fixed(buildCustomers, 1)} s, ` +
      `trace_rollups in ${fixed(buildTraces, 1)} s`,
  );
  const sessionsList = raw.prepare(
    "select * from session_rollups where project_id = ? order by last_activity desc, session_id desc limit 51",
  );
  record(
    "D rollup table",
    "sessions list",
    before("sessions list"),
    measureSql(() => sessionsList.all(dataset.projectId)),
  );
  const customersList = raw.prepare(
    "select * from customer_rollups where project_id = ? order by last_activity desc, customer_id desc limit 51",
  );
  record(
    "D rollup table",
    "customers list",
    before("customers list"),
    measureSql(() => customersList.all(dataset.projectId)),
  );
  // The page of trace ids from the rollup; the two summary statements that follow stay as they are
  // (they already take ~1 ms: primary-key lookups of 50 traces).
  const tracesList = raw.prepare(
    "select * from trace_rollups where project_id = ? order by first_start desc, trace_id desc limit 51",
  );
  record(
    "D rollup table",
    "traces list",
    before("traces list"),
    measureSql(() => tracesList.all(dataset.projectId)),
  );

  // Hourly metrics per dimension value, with log-bucket histograms for the percentiles.
  const metricsBuild = buildMetricsRollup(raw);
  log(`  built metrics_rollups (${grouped(metricsBuild.rows)} rows) in ${fixed(metricsBuild.seconds, 1)} s`);
  const from = Date.parse(dataset.from) * 1000;
  const to = Date.parse(dataset.to) * 1000;
  const byDay = raw.prepare(
    `select strftime('%Y-%m-%d', hour / 1000000, 'unixepoch') as g, count, errors, input_tokens, output_tokens, cost_usd,
        duration_hist, ttft_hist
      from metrics_rollups where project_id = ? and dimension = 'all' and hour >= ? and hour < ?`,
  );
  const byModel = raw.prepare(
    `select value as g, count, errors, input_tokens, output_tokens, cost_usd, duration_hist, ttft_hist
      from metrics_rollups where project_id = ? and dimension = 'model' and hour >= ? and hour < ?`,
  );
  record(
    "D rollup table",
    "metrics by day (30 d)",
    before("metrics by day (30 d)"),
    measureSql(() => mergeMetrics(byDay.all(dataset.projectId, from, to))),
  );
  record(
    "D rollup table",
    "metrics by model (30 d)",
    before("metrics by model (30 d)"),
    measureSql(() => mergeMetrics(byModel.all(dataset.projectId, from, to))),
  );
  const check = mergeMetrics(byModel.all(dataset.projectId, from, to));
  const exact = await store.metrics(connection.database, dataset.projectId, {
    group_by: "model",
    from: dataset.from,
    to: dataset.to,
  });
  log("  histogram percentiles vs exact (group_by=model, duration p50 / p95):");
  for (const row of exact.slice(0, 4)) {
    const approx = check.get(row.group);
    log(
      `    ${row.group}: exact ${fixed(row.duration_ms_p50, 0)} / ${fixed(row.duration_ms_p95, 0)} ms, ` +
        `histogram ${fixed(approx?.p50 ?? Number.NaN, 0)} / ${fixed(approx?.p95 ?? Number.NaN, 0)} ms`,
    );
  }
} finally {
  await connection.database.close();
  if (args.keep) {
    await copyFile(join(dataDir, "bench-dataset.json"), join(workDir, "bench-dataset.json"));
    log(`kept the modified copy: node bench/queries.mjs --data ${workDir}`);
  } else {
    await rm(workDir, { recursive: true, force: true });
  }
}

log("");
log(table(["experiment", "query", "before median / max ms", "after median / max ms", "speed-up"], rows));

// ---------------------------------------------------------------------------------------------
// The metrics rollup prototype
// ---------------------------------------------------------------------------------------------

/**
 * One row per (hour, dimension, value) for the dimensions all / model / provider / config_key /
 * customer_id, with sums and sparse histograms `{bucket: count}` as JSON. Built here in JS from a
 * single scan; the writer would add to it per batch.
 * @param {import("better-sqlite3").Database} raw
 */
function buildMetricsRollup(raw) {
  const started = performance.now();
  raw.exec(`create table metrics_rollups (project_id text not null, hour integer not null, dimension text not null,
      value text, count integer, errors integer, input_tokens integer, output_tokens integer, cost_usd real,
      duration_hist text, ttft_hist text)`);
  /** @type {Map<string, any>} */
  const groups = new Map();
  const scan = raw.prepare(
    `select project_id, start_time, status, model, provider, config_key, customer_id, duration_ms, ttft_ms,
        input_tokens, output_tokens, cost_usd
      from spans where kind in ('llm', 'embedding') and is_aggregate = 0 and duplicate_of is null`,
  );
  for (const span of scan.iterate()) {
    const hour = Math.floor(span.start_time / 3_600_000_000) * 3_600_000_000;
    for (const [dimension, value] of [
      ["all", null],
      ["model", span.model],
      ["provider", span.provider],
      ["config_key", span.config_key],
      ["customer_id", span.customer_id],
    ]) {
      const key = `${span.project_id}|${hour}|${dimension}|${value}`;
      let group = groups.get(key);
      if (!group) {
        group = {
          project_id: span.project_id,
          hour,
          dimension,
          value,
          count: 0,
          errors: 0,
          input_tokens: 0,
          output_tokens: 0,
          cost_usd: null,
          duration: {},
          ttft: {},
        };
        groups.set(key, group);
      }
      group.count += 1;
      if (span.status === "ERROR") group.errors += 1;
      group.input_tokens += span.input_tokens ?? 0;
      group.output_tokens += span.output_tokens ?? 0;
      if (span.cost_usd !== null) group.cost_usd = (group.cost_usd ?? 0) + span.cost_usd;
      if (span.duration_ms !== null) {
        const b = bucketOf(span.duration_ms);
        group.duration[b] = (group.duration[b] ?? 0) + 1;
      }
      if (span.ttft_ms !== null) {
        const b = bucketOf(span.ttft_ms);
        group.ttft[b] = (group.ttft[b] ?? 0) + 1;
      }
    }
  }
  const insert = raw.prepare(
    `insert into metrics_rollups values (@project_id, @hour, @dimension, @value, @count, @errors, @input_tokens,
        @output_tokens, @cost_usd, @duration_hist, @ttft_hist)`,
  );
  raw.transaction(() => {
    for (const group of groups.values()) {
      insert.run({
        ...group,
        duration: undefined,
        ttft: undefined,
        duration_hist: JSON.stringify(group.duration),
        ttft_hist: JSON.stringify(group.ttft),
      });
    }
  })();
  raw.exec("create index metrics_rollups_range on metrics_rollups (project_id, dimension, hour)");
  return { rows: groups.size, seconds: (performance.now() - started) / 1000 };
}

/**
 * Sums the rollup rows per group and reads p50/p95 off the merged histograms.
 * @param {any[]} rollupRows
 */
function mergeMetrics(rollupRows) {
  /** @type {Map<string, any>} */
  const out = new Map();
  for (const row of rollupRows) {
    let group = out.get(row.g);
    if (!group) {
      group = {
        count: 0,
        errors: 0,
        input_tokens: 0,
        output_tokens: 0,
        cost_usd: 0,
        duration: new Map(),
        ttft: new Map(),
      };
      out.set(row.g, group);
    }
    group.count += row.count;
    group.errors += row.errors;
    group.input_tokens += row.input_tokens;
    group.output_tokens += row.output_tokens;
    group.cost_usd += row.cost_usd ?? 0;
    for (const [bucket, n] of Object.entries(JSON.parse(row.duration_hist))) {
      group.duration.set(Number(bucket), (group.duration.get(Number(bucket)) ?? 0) + n);
    }
    for (const [bucket, n] of Object.entries(JSON.parse(row.ttft_hist))) {
      group.ttft.set(Number(bucket), (group.ttft.get(Number(bucket)) ?? 0) + n);
    }
  }
  const quantile = (/** @type {Map<number, number>} */ histogram, /** @type {number} */ q) => {
    const buckets = [...histogram.entries()].sort((a, b) => a[0] - b[0]);
    const total = buckets.reduce((sum, [, n]) => sum + n, 0);
    let seen = 0;
    for (const [bucket, n] of buckets) {
      seen += n;
      if (seen >= q * total) return bucketValue(bucket);
    }
    return Number.NaN;
  };
  for (const group of out.values()) {
    group.p50 = quantile(group.duration, 0.5);
    group.p95 = quantile(group.duration, 0.95);
    group.p99 = quantile(group.duration, 0.99);
    group.ttft_p50 = quantile(group.ttft, 0.5);
    group.ttft_p95 = quantile(group.ttft, 0.95);
  }
  return out;
}
