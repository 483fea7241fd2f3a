/**
 * Kysely table types: the physical shape of every table, identical on SQLite and PostgreSQL.
 *
 * Conventions (both dialects):
 * - span times (`start_time`, `end_time`, `ingested_at`) are integer µs since the epoch;
 * - other timestamps (`created_at`, `updated_at`, `first_seen`…) are ISO-8601 UTC strings;
 * - booleans are integers 0/1 (SQLite has no boolean and better-sqlite3 cannot bind one);
 * - JSON values are stored as text and parsed on read.
 */
import type { Generated } from "kysely";
import type { MetricSums } from "./metric-sums.js";

/** 0 or 1. */
export type Flag = number;

export interface ProjectsTable {
  id: string;
  name: string;
  created_at: string;
  store_content: Generated<Flag>;
  retention_days: number | null;
}

export interface ApiKeysTable {
  id: string;
  project_id: string;
  name: string;
  /** SHA-256 of the plaintext key, lowercase hex. */
  key_hash: string;
  display_prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** The narrow span row: everything list and aggregate queries read. */
export interface SpansTable {
  project_id: string;
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  name: string;
  kind: string;
  source: string;
  start_time: number;
  end_time: number | null;
  duration_ms: number | null;
  ttft_ms: number | null;
  is_streaming: Flag;
  status: string;
  error_type: string | null;
  error_message: string | null;
  config_key: string;
  session_id: string | null;
  customer_id: string | null;
  /** JSON object. */
  metadata: string;
  /** JSON array. */
  tags: string;
  prompt_key: string | null;
  prompt_version: number | null;
  prompt_ab_test_key: string | null;
  prompt_variant_index: number | null;
  provider: string | null;
  upstream_provider: string | null;
  operation: string | null;
  request_model: string | null;
  response_model: string | null;
  model: string | null;
  response_id: string | null;
  /** JSON array. */
  finish_reasons: string;
  input_tokens: number | null;
  output_tokens: number | null;
  cache_read_tokens: number | null;
  cache_write_tokens: number | null;
  reasoning_tokens: number | null;
  total_tokens: number | null;
  reported_cost_usd: number | null;
  reported_input_cost_usd: number | null;
  reported_output_cost_usd: number | null;
  cost_usd: number | null;
  input_cost_usd: number | null;
  output_cost_usd: number | null;
  cost_status: string;
  price_ref: string | null;
  /** JSON object. */
  request_params: string;
  is_aggregate: Flag;
  duplicate_of: string | null;
  ingested_at: number;
}

/** One row per (span, tag), so tag filters use an index. */
export interface SpanTagsTable {
  project_id: string;
  trace_id: string;
  span_id: string;
  tag: string;
  start_time: number;
}

/** The bulky part of a span, kept apart from the narrow row. Every column is JSON text or null. */
export interface SpanContentTable {
  project_id: string;
  trace_id: string;
  span_id: string;
  input_messages: string | null;
  system_instructions: string | null;
  output_messages: string | null;
  tool_definitions: string | null;
  raw_request: string | null;
  raw_response: string | null;
  attributes: string | null;
  events: string | null;
  resource: string | null;
}

export interface PriceOverridesTable {
  project_id: string;
  id: string;
  model_pattern: string;
  provider: string | null;
  is_regex: Flag;
  input_mtok: number;
  output_mtok: number;
  cache_read_mtok: number | null;
  cache_write_mtok: number | null;
  /** JSON or null. */
  tiers: string | null;
  updated_at: string;
}

export interface CustomMetricsTable {
  project_id: string;
  config_key: string;
  session_id: string;
  /** JSON object. */
  data: string;
  updated_at: string;
}

export interface SessionAssignmentsTable {
  project_id: string;
  config_key: string;
  session_id: string;
  config_version: number;
  assigned_model: string;
  first_seen: string;
  last_seen: string;
}

export interface MediaTable {
  project_id: string;
  sha256: string;
  mime_type: string;
  size: number;
  created_at: string;
}

/**
 * Rollups (docs/decisions/004-metric-rollups.md): pre-aggregated rows the span writer keeps in
 * step with `spans`, in the same transaction. Sums count what `rollup-columns.ts` counts:
 * aggregates and cross-source duplicates are never summed; `cost_usd` is a sum over
 * `priced_spans` spans and reads as null when that count is 0.
 */
export interface RollupSumsColumns {
  span_count: number;
  llm_calls: number;
  errors: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  priced_spans: number;
  unpriced_calls: number;
}

/** One row per trace; `root_*`, `config_key`, `session_id`, `customer_id` come from its root. */
export interface TraceRollupsTable extends RollupSumsColumns {
  project_id: string;
  trace_id: string;
  start_time: number;
  /** max(coalesce(end_time, start_time)). */
  end_time: number;
  /** Spans with status ERROR (any kind, counted or not). */
  error_spans: number;
  /** 0 for a span without a parent, else 1: the root is the least (rank, start, span id). */
  root_rank: number;
  root_start: number;
  root_span_id: string;
  root_name: string;
  config_key: string;
  session_id: string | null;
  customer_id: string | null;
}

export interface SessionRollupsTable extends RollupSumsColumns {
  project_id: string;
  session_id: string;
  /** max(config_key) over the session's spans. */
  config_key: string;
  /** max(customer_id) over the session's spans. */
  customer_id: string | null;
  first_activity: number;
  /** max(coalesce(end_time, start_time)). */
  last_activity: number;
}

export interface CustomerRollupsTable extends RollupSumsColumns {
  project_id: string;
  customer_id: string;
  last_activity: number;
}

/** Spans per (customer, session): a customer's session count is its number of rows here. */
export interface CustomerSessionsTable {
  project_id: string;
  customer_id: string;
  session_id: string;
  span_count: number;
}

/**
 * Counted LLM calls (kind llm/embedding, no aggregates or duplicates) per UTC hour and per value
 * of one dimension (`all`, `model`, `provider`, …); `value` is the JSON spelling of the column
 * value (`"gpt-4o"`, `3`, `null`). Histograms are JSON objects `{bin: count}` (latency-histogram.ts).
 */
export interface MetricRollupsTable extends MetricSums {
  project_id: string;
  dimension: string;
  /** µs of the UTC hour's start. */
  bucket: number;
  value: string;
  duration_hist: string;
  ttft_hist: string;
}

export interface StoreSchema {
  trace_rollups: TraceRollupsTable;
  session_rollups: SessionRollupsTable;
  customer_rollups: CustomerRollupsTable;
  customer_sessions: CustomerSessionsTable;
  metric_rollups: MetricRollupsTable;
  projects: ProjectsTable;
  api_keys: ApiKeysTable;
  spans: SpansTable;
  span_tags: SpanTagsTable;
  span_content: SpanContentTable;
  price_overrides: PriceOverridesTable;
  custom_metrics: CustomMetricsTable;
  session_assignments: SessionAssignmentsTable;
  media: MediaTable;
}
