/**
 * Runs a recorded OTLP fixture through decode → normalise → inherit, the way ingest does.
 */
import { readFileSync } from "node:fs";
import type { FallomHeaders, Message, SpanRecord } from "../../../domain/span-record.js";
import { convertOtlpRequest } from "../../decode-otlp-json.js";
import type { DecodedOtlpRequest } from "../../raw-span.js";
import { inheritContext } from "../inherit-context.js";
import { normaliseOtlpSpan } from "../normalise-otlp-span.js";

export interface LoadedFixture {
  decoded: DecodedOtlpRequest;
  records: SpanRecord[];
  /** The record with this span id; throws when the fixture has none. */
  span(spanId: string): SpanRecord;
}

export function loadOtlpFixture(name: string, headers: FallomHeaders = {}): LoadedFixture {
  const body: unknown = JSON.parse(
    readFileSync(new URL(`../../__fixtures__/${name}`, import.meta.url), "utf8"),
  );
  const decoded = convertOtlpRequest(body);
  const records = inheritContext(decoded.spans.map((span) => normaliseOtlpSpan(span, headers)));
  return {
    decoded,
    records,
    span(spanId) {
      const record = records.find((candidate) => candidate.span_id === spanId);
      if (!record) throw new Error(`fixture ${name} has no span ${spanId}`);
      return record;
    },
  };
}

/** `[{role, types}]`: the structure of a message list, without its text. */
export function messageShape(messages: Message[] | null): Array<{ role: string; types: string[] }> | null {
  return (
    messages?.map((message) => ({ role: message.role, types: message.parts.map((part) => part.type) })) ??
    null
  );
}

/** Microseconds since the epoch for an ISO date with at most ms precision. */
export function isoToMicros(iso: string): number {
  return Date.parse(iso) * 1000;
}

/** Every field of SpanRecord (SPEC §4.1), to check that a normaliser fills all of them. */
export const SPAN_RECORD_FIELDS = [
  "trace_id",
  "span_id",
  "parent_span_id",
  "name",
  "kind",
  "source",
  "start_time",
  "end_time",
  "duration_ms",
  "time_to_first_token_ms",
  "is_streaming",
  "status",
  "error_type",
  "error_message",
  "config_key",
  "session_id",
  "customer_id",
  "metadata",
  "tags",
  "prompt_key",
  "prompt_version",
  "prompt_ab_test_key",
  "prompt_variant_index",
  "provider",
  "upstream_provider",
  "operation",
  "request_model",
  "response_model",
  "model",
  "response_id",
  "finish_reasons",
  "input_tokens",
  "output_tokens",
  "cache_read_tokens",
  "cache_write_tokens",
  "reasoning_tokens",
  "total_tokens",
  "reported_cost_usd",
  "reported_input_cost_usd",
  "reported_output_cost_usd",
  "cost_usd",
  "input_cost_usd",
  "output_cost_usd",
  "cost_status",
  "price_ref",
  "request_params",
  "input_messages",
  "system_instructions",
  "output_messages",
  "tool_definitions",
  "raw_request",
  "raw_response",
  "attributes",
  "events",
  "resource",
  "is_aggregate",
  "duplicate_of",
] as const satisfies ReadonlyArray<keyof SpanRecord>;
