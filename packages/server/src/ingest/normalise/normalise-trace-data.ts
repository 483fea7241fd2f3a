/**
 * The native convention (source `native`): one TraceData object of the original Fallom SDKs
 * (SPEC §5.3) becomes one canonical record (SPEC §4.1), following the §6.2 rows that name native
 * sources and the edge rules E5, E6 and E9 of §6.4. The `fallom.raw.*` payloads go through the
 * same mapper as on OTLP spans, so a call normalises the same whichever wire it came on.
 */
import { stripModelsPrefix } from "../../domain/map-provider.js";
import type { FallomHeaders, NormalisedSpan, SpanRecord } from "../../domain/span-record.js";
import { toCount } from "../../domain/to-token-usage.js";
import type { TraceData } from "../native-trace-data.js";
import { FALLOM_KEYS, GEN_AI_KEYS, OTEL_KEYS } from "./attribute-keys.js";
import { classifyNativeSpan, isStreamingMethod } from "./classify-native-span.js";
import { isRecord } from "./coerce-attribute-value.js";
import { mapFallomRawValues } from "./map-fallom-raw-values.js";
import { mapNativeContent, toNativeFinishReasons } from "./map-native-content.js";
import { mapNativeContext } from "./map-native-context.js";
import { toNativeUsage } from "./map-native-usage.js";
import { readFallomRawValues, readRawModels, withoutMovedRawPayloads } from "./read-fallom-raw-values.js";
import { nativeBoolean, nativeText } from "./read-native-value.js";
import { toNativeProvider } from "./to-native-provider.js";
import {
  toNativeRecordIds,
  toNativeRecordTimes,
  toNativeTimeToFirstToken,
} from "./to-native-record-times.js";
import { REQUEST_PARAM_NAMES } from "./to-raw-request-params.js";

export { parseTimestampMicros } from "./parse-timestamp-micros.js";
export { type TraceDataValidation, validateTraceData } from "./validate-trace-data.js";

/** Google's `models/` prefix goes before display and price lookup (SPEC §6.4 E5), as on OTLP. */
function toDisplayModel(model: string | null): string | null {
  return model === null ? null : stripModelsPrefix(model);
}

/** Raw-body parameters win per parameter; `gen_ai.request.*` attributes fill the rest. */
function toRequestParams(
  rawParams: Record<string, unknown>,
  attributes: Record<string, unknown>,
): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const name of REQUEST_PARAM_NAMES) {
    const value = rawParams[name] ?? attributes[GEN_AI_KEYS.requestPrefix + name];
    if (value !== undefined && value !== null) params[name] = value;
  }
  return params;
}

/**
 * Normalises one native TraceData record (validate it first with `validateTraceData`).
 * The record's own fields and `fallom.*` attributes win; `headers` (X-Fallom-*) fill what the record
 * lacks. Ids are generated when absent. Cost fields are left for the pricing step: `cost_status` is
 * `provider` when a cost was reported, `no_usage` without token counts, else `unpriced`.
 *
 * @param now clock in ms since the epoch; stands in for a missing `start_time` / `end_time`.
 * @example
 * normaliseTraceData({ config_key: "bot", session_id: "s1", model: "gpt-4o", start_time: "2026-01-01T00:00:00.000Z", duration_ms: 5 }, {})
 * // → { record: { kind: "llm", provider: "openai", operation: "chat", start_time: 1767225600000000, … }, ownContext: … }
 */
export function normaliseTraceData(
  td: TraceData,
  headers: FallomHeaders,
  now: () => number = Date.now,
): NormalisedSpan {
  const attributes: Record<string, unknown> = isRecord(td.attributes) ? td.attributes : {};
  const attr = (key: string) => attributes[key];
  const method = nativeText(attr(FALLOM_KEYS.method)) ?? nativeText(td.name);
  const raw = readFallomRawValues(attr);
  const rawModels = readRawModels(raw);

  const requestModel = rawModels.requestModel ?? nativeText(attr(GEN_AI_KEYS.requestModel));
  const responseModel = rawModels.responseModel ?? nativeText(attr(GEN_AI_KEYS.responseModel));
  const model = nativeText(td.model) ?? responseModel ?? requestModel;
  const { kind, operation, isModelCall } = classifyNativeSpan({
    kind: nativeText(td.kind) ?? nativeText(attr(FALLOM_KEYS.kind)),
    model,
    method,
    operation: nativeText(attr(GEN_AI_KEYS.operationName)),
  });
  const provider = toNativeProvider(attributes, [model, requestModel], isModelCall ? method : null);

  const fromRaw = mapFallomRawValues(raw, { method, provider });
  const parsed = fromRaw.content;
  const usage = toNativeUsage(td, attributes, fromRaw.tokens);
  const reportedCost = toCount(attr(FALLOM_KEYS.costReportedUsd)) ?? fromRaw.reportedCostUsd;
  const { context, ownContext } = mapNativeContext(td, attributes, headers, isModelCall);

  const streamFlag =
    nativeBoolean(td.is_streaming) ??
    nativeBoolean(attr(FALLOM_KEYS.isStreaming)) ??
    nativeBoolean(attr(GEN_AI_KEYS.requestStream)) ??
    fromRaw.isStreaming;
  const errorMessage = nativeText(td.error_message);
  const status = nativeText(td.status)?.toUpperCase() ?? (errorMessage ? "ERROR" : "OK");

  const record: SpanRecord = {
    ...toNativeRecordIds(td),
    name: nativeText(td.name) ?? method ?? kind,
    kind,
    source: "native",
    ...toNativeRecordTimes(td, now()),
    time_to_first_token_ms: toNativeTimeToFirstToken(td, attributes, fromRaw.timeToFirstTokenMs),
    is_streaming: streamFlag ?? (isModelCall && isStreamingMethod(method)),
    status: status === "ERROR" ? "ERROR" : "OK",
    error_type: nativeText(attr(OTEL_KEYS.errorType)),
    error_message: errorMessage,
    ...context,
    provider,
    upstream_provider: null,
    operation,
    request_model: toDisplayModel(requestModel ?? (responseModel ? null : model)),
    response_model: toDisplayModel(responseModel),
    model: toDisplayModel(model),
    response_id: nativeText(attr(GEN_AI_KEYS.responseId)) ?? parsed?.response_id ?? null,
    finish_reasons: toNativeFinishReasons(parsed, attributes),
    input_tokens: usage?.input_tokens ?? null,
    output_tokens: usage?.output_tokens ?? null,
    cache_read_tokens: usage?.cache_read_tokens ?? null,
    cache_write_tokens: usage?.cache_write_tokens ?? null,
    reasoning_tokens: usage?.reasoning_tokens ?? null,
    total_tokens: usage?.total_tokens ?? null,
    reported_cost_usd: reportedCost,
    reported_input_cost_usd: null,
    reported_output_cost_usd: null,
    cost_usd: null,
    input_cost_usd: null,
    output_cost_usd: null,
    cost_status: reportedCost !== null ? "provider" : usage !== null ? "unpriced" : "no_usage",
    price_ref: null,
    request_params: toRequestParams(fromRaw.requestParams, attributes),
    ...mapNativeContent(td, attributes, parsed),
    raw_request: raw.request ?? null,
    raw_response: raw.response ?? null,
    attributes: withoutMovedRawPayloads(attributes),
    events: [],
    resource: {},
    is_aggregate: false,
    duplicate_of: null,
  };
  return { record, ownContext };
}
