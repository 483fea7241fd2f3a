/**
 * Spans as CSV (RFC 4180) for `GET /api/v1/spans/export?format=csv`: one row per span, the scalar
 * fields of the call record (SPEC §4.1) plus `tags` and `metadata` as JSON text.
 */

/** The columns, in order. */
export const CSV_COLUMNS = [
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
  "input_tokens",
  "output_tokens",
  "cache_read_tokens",
  "cache_write_tokens",
  "reasoning_tokens",
  "total_tokens",
  "cost_usd",
  "input_cost_usd",
  "output_cost_usd",
  "cost_status",
  "price_ref",
  "is_aggregate",
  "duplicate_of",
  "tags",
  "metadata",
] as const;

/**
 * One CSV cell. Text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR at
 * the start) gets a leading `'`: span fields come from untrusted traces (OWASP "CSV injection").
 */
export function toCsvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  let text = typeof value === "string" ? value : JSON.stringify(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The header line, CRLF-terminated. */
export const csvHeader = (): string => `${CSV_COLUMNS.join(",")}\r\n`;

/**
 * @example
 * toCsvRow(apiSpan) // "3c3e…,0696…,,chat,llm,…\r\n"
 */
export function toCsvRow(span: Record<string, unknown>): string {
  return `${CSV_COLUMNS.map((column) => toCsvCell(span[column])).join(",")}\r\n`;
}
