/**
 * The native TraceData object the published Fallom SDKs (0.1.x, 0.2.x) post to
 * `/v1/traces` (SPEC §5.3). Every field but `config_key` and `session_id` is optional,
 * and unknown fields are ignored.
 */
export interface TraceData {
  config_key: string;
  session_id: string;
  customer_id?: string | null;
  trace_id?: string | null;
  span_id?: string | null;
  parent_span_id?: string | null;
  name?: string | null;
  kind?: string | null;
  model?: string | null;
  start_time?: string | null;
  end_time?: string | null;
  duration_ms?: number | null;
  status?: string | null;
  error_message?: string | null;
  time_to_first_token_ms?: number | null;
  is_streaming?: boolean | null;
  metadata?: Record<string, unknown> | null;
  tags?: string[] | null;
  attributes?: Record<string, unknown> | null;
  prompt_key?: string | null;
  prompt_version?: number | null;
  prompt_ab_test_key?: string | null;
  prompt_variant_index?: number | null;
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  total_tokens?: number | null;
  /** Manual spans of the TS SDK may carry `input` / `output` as any JSON. */
  input?: unknown;
  output?: unknown;
  [key: string]: unknown;
}
