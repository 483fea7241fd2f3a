/**
 * Query-string parsing for `/api/v1` lists: filters, paging and time ranges, each with a 400 that
 * names the parameter and the accepted form.
 */
import { ApiError } from "./api-error.js";
import type { SpanFilters } from "./read-api.js";

const STRING_FILTERS = [
  "config_key",
  "session_id",
  "customer_id",
  "model",
  "provider",
  "kind",
  "prompt_key",
  "prompt_ab_test_key",
  "cost_status",
  "trace_id",
] as const;

function badParameter(name: string, expected: string, got: string): ApiError {
  return new ApiError(
    400,
    "invalid_parameter",
    `Query parameter "${name}" must be ${expected}; got "${got}".`,
  );
}

/** ISO-8601 or epoch milliseconds → µs since the epoch. */
export function parseTime(name: string, value: string): number {
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw badParameter(name, "an ISO-8601 time or epoch milliseconds", value);
  const fraction = /\.\d{3}(\d{1,3})/.exec(value)?.[1];
  return ms * 1000 + (fraction ? Number(fraction.padEnd(3, "0")) : 0);
}

function parseInteger(name: string, value: string): number {
  if (!/^-?\d+$/.test(value)) throw badParameter(name, "an integer", value);
  return Number(value);
}

export function parseFilters(url: URL): SpanFilters {
  const q = url.searchParams;
  const filters: SpanFilters = {};
  const from = q.get("from");
  const to = q.get("to");
  if (from) filters.from = parseTime("from", from);
  if (to) filters.to = parseTime("to", to);
  for (const name of STRING_FILTERS) {
    const value = q.get(name);
    if (value !== null && value !== "") filters[name] = value;
  }
  const status = q.get("status");
  if (status) {
    const upper = status.toUpperCase();
    if (upper !== "OK" && upper !== "ERROR") throw badParameter("status", '"OK" or "ERROR"', status);
    filters.status = upper;
  }
  const promptVersion = q.get("prompt_version");
  if (promptVersion) filters.prompt_version = parseInteger("prompt_version", promptVersion);
  const variant = q.get("prompt_variant_index");
  if (variant) filters.prompt_variant_index = parseInteger("prompt_variant_index", variant);
  const tags = q.getAll("tag").filter((tag) => tag !== "");
  if (tags.length > 0) filters.tags = tags;
  const metadata: Record<string, string> = {};
  for (const [name, value] of q.entries()) {
    if (name.startsWith("metadata.") && name.length > "metadata.".length) {
      metadata[name.slice("metadata.".length)] = value;
    }
  }
  if (Object.keys(metadata).length > 0) filters.metadata = metadata;
  return filters;
}

export function parsePage(url: URL, defaultLimit = 50): { limit: number; cursor?: string } {
  const limitText = url.searchParams.get("limit");
  let limit = defaultLimit;
  if (limitText !== null) {
    limit = parseInteger("limit", limitText);
    if (limit < 1 || limit > 200) throw badParameter("limit", "between 1 and 200", limitText);
  }
  const cursor = url.searchParams.get("cursor") ?? undefined;
  return cursor ? { limit, cursor } : { limit };
}

export function includesContent(url: URL): boolean {
  return url.searchParams
    .getAll("include")
    .flatMap((value) => value.split(","))
    .some((value) => value.trim() === "content");
}
