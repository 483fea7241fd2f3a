/**
 * Rollup tables (docs/decisions/004-metric-rollups.md): per-trace, per-session and per-customer
 * summaries for the lists, spans per (customer, session) for session counts, and hourly metric
 * rows per dimension value with latency histograms. Existing spans are backfilled here, with the
 * writer's own delta code, so the tables are right from the first read.
 */
import { type Kysely, type Migration, SqliteAdapter } from "kysely";
import { postgresDialect } from "../postgres-dialect.js";
import { rebuildRollups } from "../rebuild-rollups.js";
import { sqliteDialect } from "../sqlite-dialect.js";

// biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema of its own time.
type AnyDb = Kysely<any>;

const SUM_COLUMNS = [
  ["span_count", "bigint"],
  ["llm_calls", "bigint"],
  ["errors", "bigint"],
  ["input_tokens", "bigint"],
  ["output_tokens", "bigint"],
  ["cost_usd", "double precision"],
  ["priced_spans", "bigint"],
  ["unpriced_calls", "bigint"],
] as const;

async function up(db: AnyDb): Promise<void> {
  // Extremes are nullable only so that an upsert carrying a pure subtraction (no span added)
  // passes NOT NULL checks before its conflict resolves; stored rows always have them.
  let traces = db.schema
    .createTable("trace_rollups")
    .addColumn("project_id", "text", (c) => c.notNull())
    .addColumn("trace_id", "text", (c) => c.notNull())
    .addColumn("start_time", "bigint")
    .addColumn("end_time", "bigint")
    .addColumn("error_spans", "bigint", (c) => c.notNull().defaultTo(0));
  for (const [column, type] of SUM_COLUMNS)
    traces = traces.addColumn(column, type, (c) => c.notNull().defaultTo(0));
  await traces
    .addColumn("root_rank", "smallint")
    .addColumn("root_start", "bigint")
    .addColumn("root_span_id", "text")
    .addColumn("root_name", "text")
    .addColumn("config_key", "text")
    .addColumn("session_id", "text")
    .addColumn("customer_id", "text")
    .addPrimaryKeyConstraint("trace_rollups_pk", ["project_id", "trace_id"])
    .execute();
  await db.schema
    .createIndex("trace_rollups_recent")
    .on("trace_rollups")
    .columns(["project_id", "start_time desc", "trace_id desc"])
    .execute();

  let sessions = db.schema
    .createTable("session_rollups")
    .addColumn("project_id", "text", (c) => c.notNull())
    .addColumn("session_id", "text", (c) => c.notNull())
    .addColumn("config_key", "text")
    .addColumn("customer_id", "text")
    .addColumn("first_activity", "bigint")
    .addColumn("last_activity", "bigint");
  for (const [column, type] of SUM_COLUMNS)
    sessions = sessions.addColumn(column, type, (c) => c.notNull().defaultTo(0));
  await sessions.addPrimaryKeyConstraint("session_rollups_pk", ["project_id", "session_id"]).execute();
  await db.schema
    .createIndex("session_rollups_recent")
    .on("session_rollups")
    .columns(["project_id", "last_activity desc", "session_id desc"])
    .execute();

  let customers = db.schema
    .createTable("customer_rollups")
    .addColumn("project_id", "text", (c) => c.notNull())
    .addColumn("customer_id", "text", (c) => c.notNull())
    .addColumn("last_activity", "bigint");
  for (const [column, type] of SUM_COLUMNS)
    customers = customers.addColumn(column, type, (c) => c.notNull().defaultTo(0));
  await customers.addPrimaryKeyConstraint("customer_rollups_pk", ["project_id", "customer_id"]).execute();

  await db.schema
    .createTable("customer_sessions")
    .addColumn("project_id", "text", (c) => c.notNull())
    .addColumn("customer_id", "text", (c) => c.notNull())
    .addColumn("session_id", "text", (c) => c.notNull())
    .addColumn("span_count", "bigint", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("customer_sessions_pk", ["project_id", "customer_id", "session_id"])
    .execute();

  let metrics = db.schema
    .createTable("metric_rollups")
    .addColumn("project_id", "text", (c) => c.notNull())
    .addColumn("dimension", "text", (c) => c.notNull())
    .addColumn("bucket", "bigint", (c) => c.notNull())
    .addColumn("value", "text", (c) => c.notNull());
  for (const column of [
    "calls",
    "errors",
    "input_tokens",
    "output_tokens",
    "cache_read_tokens",
    "cache_write_tokens",
    "reasoning_tokens",
  ])
    metrics = metrics.addColumn(column, "bigint", (c) => c.notNull().defaultTo(0));
  await metrics
    .addColumn("cost_usd", "double precision", (c) => c.notNull().defaultTo(0))
    .addColumn("priced_calls", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("unpriced_calls", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("duration_hist", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("ttft_hist", "text", (c) => c.notNull().defaultTo("{}"))
    .addPrimaryKeyConstraint("metric_rollups_pk", ["project_id", "dimension", "bucket", "value"])
    .execute();

  const dialect = db.getExecutor().adapter instanceof SqliteAdapter ? sqliteDialect : postgresDialect;
  const projects = await db.selectFrom("projects").select("id").execute();
  for (const { id } of projects) await rebuildRollups(db, dialect, id as string);
}

async function down(db: AnyDb): Promise<void> {
  for (const table of [
    "metric_rollups",
    "customer_sessions",
    "customer_rollups",
    "session_rollups",
    "trace_rollups",
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}

export const rollupsMigration: Migration = { up, down };
