/**
 * The first schema. Column types are chosen so the same DDL means the same thing on SQLite and
 * PostgreSQL: `bigint` (µs times, tokens), `double precision` (ms, USD), `smallint` (0/1 flags),
 * `text` (ids, JSON).
 */
import { type Kysely, type Migration, SqliteAdapter, sql } from "kysely";

// Migrations must not depend on the evolving table types.
// biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema of its own time.
type AnyDb = Kysely<any>;

const isSqlite = (db: AnyDb): boolean => db.getExecutor().adapter instanceof SqliteAdapter;

async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("projects")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("store_content", "smallint", (c) => c.notNull().defaultTo(1))
    .addColumn("retention_days", "integer")
    .execute();

  await db.schema
    .createTable("api_keys")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("project_id", "text", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("key_hash", "text", (c) => c.notNull().unique())
    .addColumn("display_prefix", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_used_at", "text")
    .addColumn("revoked_at", "text")
    .execute();
  await db.schema.createIndex("api_keys_project").on("api_keys").columns(["project_id"]).execute();

  let spans = db.schema
    .createTable("spans")
    .addColumn("project_id", "text", (c) => c.notNull())
    .addColumn("trace_id", "text", (c) => c.notNull())
    .addColumn("span_id", "text", (c) => c.notNull())
    .addColumn("parent_span_id", "text")
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("start_time", "bigint", (c) => c.notNull())
    .addColumn("end_time", "bigint")
    .addColumn("duration_ms", "double precision")
    .addColumn("ttft_ms", "double precision")
    .addColumn("is_streaming", "smallint", (c) => c.notNull().defaultTo(0))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("error_type", "text")
    .addColumn("error_message", "text")
    .addColumn("config_key", "text", (c) => c.notNull())
    .addColumn("session_id", "text")
    .addColumn("customer_id", "text")
    .addColumn("metadata", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("tags", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("prompt_key", "text")
    .addColumn("prompt_version", "integer")
    .addColumn("prompt_ab_test_key", "text")
    .addColumn("prompt_variant_index", "integer")
    .addColumn("provider", "text")
    .addColumn("upstream_provider", "text")
    .addColumn("operation", "text")
    .addColumn("request_model", "text")
    .addColumn("response_model", "text")
    .addColumn("model", "text")
    .addColumn("response_id", "text")
    .addColumn("finish_reasons", "text", (c) => c.notNull().defaultTo("[]"));
  for (const column of [
    "input_tokens",
    "output_tokens",
    "cache_read_tokens",
    "cache_write_tokens",
    "reasoning_tokens",
    "total_tokens",
  ]) {
    spans = spans.addColumn(column, "bigint");
  }
  for (const column of [
    "reported_cost_usd",
    "reported_input_cost_usd",
    "reported_output_cost_usd",
    "cost_usd",
    "input_cost_usd",
    "output_cost_usd",
  ]) {
    spans = spans.addColumn(column, "double precision");
  }
  await spans
    .addColumn("cost_status", "text", (c) => c.notNull())
    .addColumn("price_ref", "text")
    .addColumn("request_params", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("is_aggregate", "smallint", (c) => c.notNull().defaultTo(0))
    .addColumn("duplicate_of", "text")
    .addColumn("ingested_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("spans_pk", ["project_id", "trace_id", "span_id"])
    .execute();

  // The primary key already serves lookups by trace. Every index leads with project_id, and the
  // list indexes end in the span list's whole ORDER BY (start_time desc, span_id desc, trace_id
  // desc; its keyset cursor compares the same tuple), so a filtered list is read newest-first
  // from the index with no sort, whatever the planner knows. Read backwards they also serve the
  // oldest-first session detail (start_time, span_id).
  const newestFirst = ["start_time desc", "span_id desc", "trace_id desc"];
  const spanIndexes: Array<[string, string[]]> = [
    ["spans_newest", ["project_id", ...newestFirst]],
    ["spans_span_id", ["project_id", "span_id"]],
    ["spans_session", ["project_id", "session_id", ...newestFirst]],
    ["spans_customer", ["project_id", "customer_id", ...newestFirst]],
    ["spans_config_key", ["project_id", "config_key", ...newestFirst]],
    ["spans_model", ["project_id", "model", ...newestFirst]],
    ["spans_cost_status", ["project_id", "cost_status", ...newestFirst]],
  ];
  for (const [name, columns] of spanIndexes) {
    await db.schema.createIndex(name).on("spans").columns(columns).execute();
  }
  // Only the cross-source duplicate lookup (SPEC §6.3) reads it, always with a response id:
  // spans without one (most non-LLM spans) stay out of the index.
  await db.schema
    .createIndex("spans_response_id")
    .on("spans")
    .columns(["project_id", "response_id"])
    .where("response_id", "is not", null)
    .execute();

  await db.schema
    .createTable("span_tags")
    .addColumn("project_id", "text", (c) => c.notNull())
    .addColumn("trace_id", "text", (c) => c.notNull())
    .addColumn("span_id", "text", (c) => c.notNull())
    .addColumn("tag", "text", (c) => c.notNull())
    .addColumn("start_time", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("span_tags_pk", ["project_id", "trace_id", "span_id", "tag"])
    // On SQLite the by-tag index below holds every column, so without stats the planner took it
    // (project_id only) over the primary key for lookups by span: a whole-project scan per
    // replaced span. WITHOUT ROWID makes the primary key the (covering) table itself.
    .$call((table) => (isSqlite(db) ? table.modifyEnd(sql`without rowid`) : table))
    .execute();
  // A tag-filtered span list is driven from this index (span_tags joined to spans, ordered by
  // the span list's whole ORDER BY), so its first page reads ~limit index entries. No query reads
  // tags by time alone, so there is no (project_id, start_time) index: it cost a B-tree insert
  // per tag row for nothing.
  await db.schema
    .createIndex("span_tags_by_tag")
    .on("span_tags")
    .columns(["project_id", "tag", "start_time desc", "span_id desc", "trace_id desc"])
    .execute();

  let content = db.schema
    .createTable("span_content")
    .addColumn("project_id", "text", (c) => c.notNull())
    .addColumn("trace_id", "text", (c) => c.notNull())
    .addColumn("span_id", "text", (c) => c.notNull());
  for (const column of [
    "input_messages",
    "system_instructions",
    "output_messages",
    "tool_definitions",
    "raw_request",
    "raw_response",
    "attributes",
    "events",
    "resource",
  ]) {
    content = content.addColumn(column, "text");
  }
  await content.addPrimaryKeyConstraint("span_content_pk", ["project_id", "trace_id", "span_id"]).execute();

  await db.schema
    .createTable("price_overrides")
    .addColumn("project_id", "text", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("model_pattern", "text", (c) => c.notNull())
    .addColumn("provider", "text")
    .addColumn("is_regex", "smallint", (c) => c.notNull().defaultTo(0))
    .addColumn("input_mtok", "double precision", (c) => c.notNull())
    .addColumn("output_mtok", "double precision", (c) => c.notNull())
    .addColumn("cache_read_mtok", "double precision")
    .addColumn("cache_write_mtok", "double precision")
    .addColumn("tiers", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("price_overrides_pk", ["project_id", "id"])
    .execute();

  await db.schema
    .createTable("custom_metrics")
    .addColumn("project_id", "text", (c) => c.notNull())
    .addColumn("config_key", "text", (c) => c.notNull())
    .addColumn("session_id", "text", (c) => c.notNull())
    .addColumn("data", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("custom_metrics_pk", ["project_id", "config_key", "session_id"])
    .execute();
  await db.schema
    .createIndex("custom_metrics_session")
    .on("custom_metrics")
    .columns(["project_id", "session_id"])
    .execute();

  await db.schema
    .createTable("session_assignments")
    .addColumn("project_id", "text", (c) => c.notNull())
    .addColumn("config_key", "text", (c) => c.notNull())
    .addColumn("session_id", "text", (c) => c.notNull())
    .addColumn("config_version", "integer", (c) => c.notNull())
    .addColumn("assigned_model", "text", (c) => c.notNull())
    .addColumn("first_seen", "text", (c) => c.notNull())
    .addColumn("last_seen", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("session_assignments_pk", ["project_id", "config_key", "session_id"])
    .execute();
  await db.schema
    .createIndex("session_assignments_session")
    .on("session_assignments")
    .columns(["project_id", "session_id"])
    .execute();

  await db.schema
    .createTable("media")
    .addColumn("project_id", "text", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("mime_type", "text", (c) => c.notNull())
    .addColumn("size", "bigint", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("media_pk", ["project_id", "sha256"])
    .execute();
}

async function down(db: AnyDb): Promise<void> {
  for (const table of [
    "media",
    "session_assignments",
    "custom_metrics",
    "price_overrides",
    "span_content",
    "span_tags",
    "spans",
    "api_keys",
    "projects",
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}

export const initialMigration: Migration = { up, down };
