/**
 * The canonical call record (SPEC §4.1): one per span, whatever convention it arrived in.
 * Field names are the public API's field names.
 */

export type SpanKind =
  | "llm"
  | "embedding"
  | "tool"
  | "retrieval"
  | "agent"
  | "chain"
  | "custom"
  | "preprocessing"
  | "postprocessing";

export type SpanSource = "sdk-ts" | "sdk-py" | "native" | "otlp" | "openrouter" | "proxy";

export type CostStatus = "provider" | "computed" | "unpriced" | "no_usage";

export type MetadataValue = string | number | boolean;

/** OTel GenAI message part. `type` is text | tool_call | tool_call_response | reasoning | uri | blob. */
export interface MessagePart {
  type: string;
  [key: string]: unknown;
}

/** OTel GenAI message shape `{role, parts}`; output messages may add `finish_reason`. */
export interface Message {
  role: string;
  parts: MessagePart[];
  name?: string;
  finish_reason?: string;
}

/** Token counts after SPEC §4.2 normalisation. */
export interface TokenUsage {
  /** Includes cache read and cache write. */
  input_tokens: number | null;
  /** Includes reasoning. */
  output_tokens: number | null;
  cache_read_tokens: number | null;
  cache_write_tokens: number | null;
  reasoning_tokens: number | null;
  /** The provider's total, else input + output. */
  total_tokens: number | null;
}

/** Content fields: stored apart from the narrow span row, null when not captured. */
export interface SpanContent {
  input_messages: Message[] | null;
  system_instructions: MessagePart[] | null;
  output_messages: Message[] | null;
  tool_definitions: unknown[] | null;
  raw_request: unknown | null;
  raw_response: unknown | null;
}

export interface SpanRecord extends TokenUsage, SpanContent {
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  name: string;
  kind: SpanKind;
  source: SpanSource;
  /** Microseconds since the epoch. */
  start_time: number;
  /** Microseconds since the epoch, null for a span that never ended. */
  end_time: number | null;
  duration_ms: number | null;
  time_to_first_token_ms: number | null;
  is_streaming: boolean;
  status: "OK" | "ERROR";
  error_type: string | null;
  error_message: string | null;
  config_key: string;
  session_id: string | null;
  customer_id: string | null;
  metadata: Record<string, MetadataValue>;
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
  /** response_model ?? request_model */
  model: string | null;
  response_id: string | null;
  finish_reasons: string[];
  /** Provider-reported cost (SPEC §4.3 step 1), before pricing. null when none was reported. */
  reported_cost_usd: number | null;
  reported_input_cost_usd: number | null;
  reported_output_cost_usd: number | null;
  cost_usd: number | null;
  input_cost_usd: number | null;
  output_cost_usd: number | null;
  cost_status: CostStatus;
  price_ref: string | null;
  request_params: Record<string, unknown>;
  /** Everything else, as received (span attributes not consumed elsewhere stay here too). */
  attributes: Record<string, unknown>;
  events: unknown[];
  resource: Record<string, unknown>;
  is_aggregate: boolean;
  duplicate_of: string | null;
}

/** Context from X-Fallom-* request headers (SPEC §5.2), applied after fallom.* attributes. */
export interface FallomHeaders {
  configKey?: string;
  sessionId?: string;
  customerId?: string;
  promptKey?: string;
  promptVersion?: number;
  promptAbTest?: string;
  promptVariant?: number;
}

/**
 * A normaliser's output: the record plus which session-context fields the span carried itself.
 * A field it did not carry (only a default) may be inherited from an ancestor (SPEC §6.4 E9).
 */
export interface NormalisedSpan {
  record: SpanRecord;
  ownContext: { configKey: boolean; sessionId: boolean; customerId: boolean };
}
