/**
 * Builds complete SpanRecords for tests: sensible defaults for an LLM call, overridden per test.
 */
import { randomBytes } from "node:crypto";
import type { SpanRecord } from "../../domain/span-record.js";

/** 2025-06-15T12:00:00Z in µs. */
export const BASE_TIME = 1_749_988_800_000_000;

export const randomTraceId = (): string => randomBytes(16).toString("hex");
export const randomSpanId = (): string => randomBytes(8).toString("hex");

export function makeSpan(overrides: Partial<SpanRecord> = {}): SpanRecord {
  const start = overrides.start_time ?? BASE_TIME;
  const duration = overrides.duration_ms === undefined ? 1200 : overrides.duration_ms;
  return {
    trace_id: randomTraceId(),
    span_id: randomSpanId(),
    parent_span_id: null,
    name: "chat.completions.create",
    kind: "llm",
    source: "sdk-ts",
    start_time: start,
    end_time: duration === null ? null : start + Math.round(duration * 1000),
    duration_ms: duration,
    time_to_first_token_ms: null,
    is_streaming: false,
    status: "OK",
    error_type: null,
    error_message: null,
    config_key: "chat",
    session_id: "session-1",
    customer_id: "customer-1",
    metadata: {},
    tags: [],
    prompt_key: null,
    prompt_version: null,
    prompt_ab_test_key: null,
    prompt_variant_index: null,
    provider: "openai",
    upstream_provider: null,
    operation: "chat",
    request_model: "gpt-4o",
    response_model: "gpt-4o-2024-08-06",
    model: "gpt-4o-2024-08-06",
    response_id: null,
    finish_reasons: ["stop"],
    input_tokens: 100,
    output_tokens: 20,
    cache_read_tokens: null,
    cache_write_tokens: null,
    reasoning_tokens: null,
    total_tokens: 120,
    reported_cost_usd: null,
    reported_input_cost_usd: null,
    reported_output_cost_usd: null,
    cost_usd: 0.001,
    input_cost_usd: 0.0008,
    output_cost_usd: 0.0002,
    cost_status: "computed",
    price_ref: "genai-prices:openai/gpt-4o",
    request_params: { temperature: 0.2 },
    input_messages: [{ role: "user", parts: [{ type: "text", content: "Hello" }] }],
    system_instructions: null,
    output_messages: [
      { role: "assistant", parts: [{ type: "text", content: "Hi!" }], finish_reason: "stop" },
    ],
    tool_definitions: null,
    raw_request: null,
    raw_response: null,
    attributes: { "fallom.sdk_version": "3" },
    events: [],
    resource: { "service.name": "test-app" },
    is_aggregate: false,
    duplicate_of: null,
    ...overrides,
  };
}

/** The same record as the read API returns it without content. */
export function withoutContent(record: SpanRecord): SpanRecord {
  return {
    ...record,
    input_messages: null,
    system_instructions: null,
    output_messages: null,
    tool_definitions: null,
    raw_request: null,
    raw_response: null,
    attributes: {},
    events: [],
    resource: {},
  };
}
