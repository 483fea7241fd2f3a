/**
 * Response shapes of the server's HTTP API (docs/api.md, SPEC §4.1 and §5.8, the dashboard
 * contract). Only the fields the dashboard reads are typed precisely.
 */

export type CostStatus = "provider" | "computed" | "unpriced" | "no_usage";
export type Role = "admin" | "member" | "viewer";

/** One OTel GenAI message part: text | tool_call | tool_call_response | reasoning | uri | blob. */
export interface MessagePart {
  type: string;
  content?: unknown;
  [key: string]: unknown;
}

export interface Message {
  role: string;
  parts: MessagePart[];
  name?: string;
  finish_reason?: string;
}

/** The canonical call record (SPEC §4.1); content fields only with `include=content`. */
export interface Span {
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  name: string;
  kind: string;
  source: string;
  start_time: string;
  end_time: string | null;
  duration_ms: number | null;
  time_to_first_token_ms: number | null;
  is_streaming: boolean;
  status: "OK" | "ERROR";
  error_type: string | null;
  error_message: string | null;
  config_key: string;
  session_id: string | null;
  customer_id: string | null;
  metadata: Record<string, string | number | boolean>;
  tags: string[];
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
  finish_reasons: string[];
  input_tokens: number | null;
  output_tokens: number | null;
  cache_read_tokens: number | null;
  cache_write_tokens: number | null;
  reasoning_tokens: number | null;
  total_tokens: number | null;
  cost_usd: number | null;
  input_cost_usd: number | null;
  output_cost_usd: number | null;
  cost_status: CostStatus;
  price_ref: string | null;
  request_params: Record<string, unknown>;
  attributes: Record<string, unknown>;
  events: unknown[];
  resource: Record<string, unknown>;
  is_aggregate: boolean;
  duplicate_of: string | null;
  input_messages?: Message[] | null;
  system_instructions?: MessagePart[] | null;
  output_messages?: Message[] | null;
  tool_definitions?: unknown[] | null;
  raw_request?: unknown;
  raw_response?: unknown;
}

export interface Paged<T> {
  data: T[];
  next_cursor: string | null;
}

export interface TraceSummary {
  trace_id: string;
  root_name: string;
  start_time: string;
  end_time: string | null;
  duration_ms: number | null;
  span_count: number;
  llm_calls: number;
  errors: number;
  input_tokens: number | null;
  output_tokens: number | null;
  cost_usd: number | null;
  unpriced_calls: number;
  status: "OK" | "ERROR";
  config_key: string | null;
  session_id: string | null;
  customer_id: string | null;
}

export interface TraceDetail extends TraceSummary {
  spans: Span[];
}

export interface SessionSummary {
  session_id: string;
  config_key: string | null;
  customer_id: string | null;
  calls: number;
  llm_calls: number;
  errors: number;
  input_tokens: number | null;
  output_tokens: number | null;
  cost_usd: number | null;
  unpriced_calls: number;
  first_activity: string;
  last_activity: string;
  duration_ms: number | null;
}

export interface SessionDetail extends Omit<SessionSummary, "calls"> {
  /** One page of the calls, oldest first; `next_cursor` leads to the next page. */
  calls: Span[];
  next_cursor: string | null;
  custom_metrics: Array<{ config_key: string; session_id: string; data: Record<string, unknown> }>;
  assignments: unknown[];
}

export interface CustomerSummary {
  customer_id: string;
  calls: number;
  sessions: number;
  llm_calls: number;
  errors: number;
  input_tokens: number | null;
  output_tokens: number | null;
  cost_usd: number | null;
  unpriced_calls: number;
  last_activity: string;
}

export interface MetricRow {
  group: string | number | null;
  count: number;
  errors: number;
  duration_ms_p50: number | null;
  duration_ms_p95: number | null;
  duration_ms_p99: number | null;
  ttft_ms_p50: number | null;
  ttft_ms_p95: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cache_read_tokens: number | null;
  cache_write_tokens: number | null;
  reasoning_tokens: number | null;
  cost_usd: number | null;
  unpriced_count: number;
}

export interface Metrics {
  group_by: string;
  data: MetricRow[];
}

export interface Me {
  user: { id: string; email: string; name: string | null; role: Role };
  projects: Array<{ id: string; name: string }>;
  csrf_token: string;
}

export interface ApiKey {
  id: string;
  name: string;
  display_prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface PriceOverride {
  id: string;
  model_pattern: string;
  provider: string | null;
  is_regex: boolean;
  input_mtok: number;
  output_mtok: number;
  cache_read_mtok: number | null;
  cache_write_mtok: number | null;
  tiers: unknown[] | null;
  updated_at: string;
}

export interface Prices {
  overrides: PriceOverride[];
  unpriced_models: Array<{ model: string; provider: string | null; calls: number }>;
  price_data: { source: string; version: string };
}

export interface ProjectSettings {
  name: string;
  store_content: boolean;
  retention_days: number | null;
}

export interface User {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  created_at: string;
}
