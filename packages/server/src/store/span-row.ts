/**
 * SpanRecord ⇄ rows: the narrow `spans` row, its `span_content` row and its `span_tags` rows.
 */
import type { Selectable } from "kysely";
import type { CostStatus, SpanKind, SpanRecord, SpanSource } from "../domain/span-record.js";
import type { SpanContentTable, SpansTable, SpanTagsTable } from "./schema.js";

export type SpanRow = Selectable<SpansTable>;
export type ContentRow = Selectable<SpanContentTable>;

/** The columns of `spans`, in insert order (also the width used to size multi-row inserts). */
export const SPAN_COLUMNS = [
  "project_id",
  "trace_id",
  "span_id",
  "parent_span_id",
  "name",
  "kind",
  "source",
  "start_time",
  "end_time",
  "duration_ms",
  "ttft_ms",
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
  "is_aggregate",
  "duplicate_of",
  "ingested_at",
] as const satisfies ReadonlyArray<keyof SpansTable>;

export const CONTENT_COLUMNS = [
  "input_messages",
  "system_instructions",
  "output_messages",
  "tool_definitions",
  "raw_request",
  "raw_response",
  "attributes",
  "events",
  "resource",
] as const satisfies ReadonlyArray<keyof SpanContentTable>;

export const CONTENT_ROW_COLUMNS = ["project_id", "trace_id", "span_id", ...CONTENT_COLUMNS] as const;

export const TAG_COLUMNS = [
  "project_id",
  "trace_id",
  "span_id",
  "tag",
  "start_time",
] as const satisfies ReadonlyArray<keyof SpanTagsTable>;

const jsonOrNull = (value: unknown): string | null => (value == null ? null : JSON.stringify(value));

function isEmpty(value: unknown): boolean {
  if (value == null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === "object" && Object.keys(value).length === 0;
}

export function toSpanRow(projectId: string, record: SpanRecord, ingestedAt: number): SpanRow {
  return {
    project_id: projectId,
    trace_id: record.trace_id,
    span_id: record.span_id,
    parent_span_id: record.parent_span_id,
    name: record.name,
    kind: record.kind,
    source: record.source,
    start_time: record.start_time,
    end_time: record.end_time,
    duration_ms: record.duration_ms,
    ttft_ms: record.time_to_first_token_ms,
    is_streaming: record.is_streaming ? 1 : 0,
    status: record.status,
    error_type: record.error_type,
    error_message: record.error_message,
    config_key: record.config_key,
    session_id: record.session_id,
    customer_id: record.customer_id,
    metadata: JSON.stringify(record.metadata ?? {}),
    tags: JSON.stringify(record.tags ?? []),
    prompt_key: record.prompt_key,
    prompt_version: record.prompt_version,
    prompt_ab_test_key: record.prompt_ab_test_key,
    prompt_variant_index: record.prompt_variant_index,
    provider: record.provider,
    upstream_provider: record.upstream_provider,
    operation: record.operation,
    request_model: record.request_model,
    response_model: record.response_model,
    model: record.model,
    response_id: record.response_id,
    finish_reasons: JSON.stringify(record.finish_reasons ?? []),
    input_tokens: record.input_tokens,
    output_tokens: record.output_tokens,
    cache_read_tokens: record.cache_read_tokens,
    cache_write_tokens: record.cache_write_tokens,
    reasoning_tokens: record.reasoning_tokens,
    total_tokens: record.total_tokens,
    reported_cost_usd: record.reported_cost_usd,
    reported_input_cost_usd: record.reported_input_cost_usd,
    reported_output_cost_usd: record.reported_output_cost_usd,
    cost_usd: record.cost_usd,
    input_cost_usd: record.input_cost_usd,
    output_cost_usd: record.output_cost_usd,
    cost_status: record.cost_status,
    price_ref: record.price_ref,
    request_params: JSON.stringify(record.request_params ?? {}),
    is_aggregate: record.is_aggregate ? 1 : 0,
    duplicate_of: record.duplicate_of,
    ingested_at: ingestedAt,
  };
}

/** The content row, or undefined when the span carries no content at all (nothing to store). */
export function toContentRow(projectId: string, record: SpanRecord): ContentRow | undefined {
  const row: ContentRow = {
    project_id: projectId,
    trace_id: record.trace_id,
    span_id: record.span_id,
    input_messages: jsonOrNull(record.input_messages),
    system_instructions: jsonOrNull(record.system_instructions),
    output_messages: jsonOrNull(record.output_messages),
    tool_definitions: jsonOrNull(record.tool_definitions),
    raw_request: jsonOrNull(record.raw_request),
    raw_response: jsonOrNull(record.raw_response),
    attributes: isEmpty(record.attributes) ? null : JSON.stringify(record.attributes),
    events: isEmpty(record.events) ? null : JSON.stringify(record.events),
    resource: isEmpty(record.resource) ? null : JSON.stringify(record.resource),
  };
  return CONTENT_COLUMNS.every((column) => row[column] === null) ? undefined : row;
}

/**
 * A span's content columns already serialised, in {@link CONTENT_COLUMNS} order, or null when it
 * has no content. The worker span writer's main thread builds these (JSON.stringify of the
 * messages and raw payloads is the largest row-building cost) so that the writer thread, the
 * busier of the two, receives strings (cheap to copy between threads) instead of object trees.
 */
export type ContentValues = ReadonlyArray<string | null>;

export function toContentValues(record: SpanRecord): ContentValues | null {
  const row = toContentRow("", record);
  return row ? CONTENT_COLUMNS.map((column) => row[column]) : null;
}

/** The record without its content (sent beside its {@link ContentValues}). */
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

/** The span's tags without repeats (one `span_tags` row each). */
export const uniqueTags = (record: SpanRecord): string[] => [...new Set(record.tags ?? [])];

export function toTagRows(projectId: string, record: SpanRecord): Array<Selectable<SpanTagsTable>> {
  return uniqueTags(record).map((tag) => ({
    project_id: projectId,
    trace_id: record.trace_id,
    span_id: record.span_id,
    tag,
    start_time: record.start_time,
  }));
}

const parse = <T>(text: string | null, fallback: T): T => (text == null ? fallback : (JSON.parse(text) as T));

/**
 * A stored span as the call record. Without a content row the content fields are null and
 * `attributes` / `events` / `resource` are empty (they live with the content).
 */
export function fromSpanRow(row: SpanRow, content?: ContentRow): SpanRecord {
  return {
    trace_id: row.trace_id,
    span_id: row.span_id,
    parent_span_id: row.parent_span_id,
    name: row.name,
    kind: row.kind as SpanKind,
    source: row.source as SpanSource,
    start_time: row.start_time,
    end_time: row.end_time,
    duration_ms: row.duration_ms,
    time_to_first_token_ms: row.ttft_ms,
    is_streaming: row.is_streaming === 1,
    status: row.status === "ERROR" ? "ERROR" : "OK",
    error_type: row.error_type,
    error_message: row.error_message,
    config_key: row.config_key,
    session_id: row.session_id,
    customer_id: row.customer_id,
    metadata: parse(row.metadata, {}),
    tags: parse(row.tags, []),
    prompt_key: row.prompt_key,
    prompt_version: row.prompt_version,
    prompt_ab_test_key: row.prompt_ab_test_key,
    prompt_variant_index: row.prompt_variant_index,
    provider: row.provider,
    upstream_provider: row.upstream_provider,
    operation: row.operation,
    request_model: row.request_model,
    response_model: row.response_model,
    model: row.model,
    response_id: row.response_id,
    finish_reasons: parse(row.finish_reasons, []),
    input_tokens: row.input_tokens,
    output_tokens: row.output_tokens,
    cache_read_tokens: row.cache_read_tokens,
    cache_write_tokens: row.cache_write_tokens,
    reasoning_tokens: row.reasoning_tokens,
    total_tokens: row.total_tokens,
    reported_cost_usd: row.reported_cost_usd,
    reported_input_cost_usd: row.reported_input_cost_usd,
    reported_output_cost_usd: row.reported_output_cost_usd,
    cost_usd: row.cost_usd,
    input_cost_usd: row.input_cost_usd,
    output_cost_usd: row.output_cost_usd,
    cost_status: row.cost_status as CostStatus,
    price_ref: row.price_ref,
    request_params: parse(row.request_params, {}),
    input_messages: parse(content?.input_messages ?? null, null),
    system_instructions: parse(content?.system_instructions ?? null, null),
    output_messages: parse(content?.output_messages ?? null, null),
    tool_definitions: parse(content?.tool_definitions ?? null, null),
    raw_request: parse(content?.raw_request ?? null, null),
    raw_response: parse(content?.raw_response ?? null, null),
    attributes: parse(content?.attributes ?? null, {}),
    events: parse(content?.events ?? null, []),
    resource: parse(content?.resource ?? null, {}),
    is_aggregate: row.is_aggregate === 1,
    duplicate_of: row.duplicate_of,
  };
}
