/**
 * The `fallom.raw.*` payloads (SPEC §5.3, §6.1) of one span, read the same way whichever wire
 * they came on: OTLP attributes of our SDKs' spans, or the `attributes` of a native TraceData
 * record. Both normalisers derive their raw-payload fields from these values only, so one call
 * normalises the same on both paths.
 */
import { FALLOM_KEYS } from "./attribute-keys.js";
import { isRecord, parseJsonOrText } from "./coerce-attribute-value.js";

/** Each value parsed from its JSON string (text that is not JSON is kept); undefined when absent. */
export interface FallomRawValues {
  request: unknown;
  response: unknown;
  usage: unknown;
  providerMetadata: unknown;
  timings: unknown;
}

/** Raw payloads that become `raw_request` / `raw_response` and so leave `attributes`. */
const MOVED_KEYS: ReadonlySet<string> = new Set([FALLOM_KEYS.rawRequest, FALLOM_KEYS.rawResponse]);

function readValue(get: (key: string) => unknown, key: string): unknown {
  const value = get(key);
  return value == null ? undefined : parseJsonOrText(value);
}

/**
 * @param get attribute lookup (OTLP: span, then resource; native: the record's `attributes`).
 * @example readFallomRawValues((key) => attributes[key]).usage // { prompt_tokens: 5, … }
 */
export function readFallomRawValues(get: (key: string) => unknown): FallomRawValues {
  return {
    request: readValue(get, FALLOM_KEYS.rawRequest),
    response: readValue(get, FALLOM_KEYS.rawResponse),
    usage: readValue(get, FALLOM_KEYS.rawUsage),
    providerMetadata: readValue(get, FALLOM_KEYS.rawProviderMetadata),
    timings: readValue(get, FALLOM_KEYS.rawTimings),
  };
}

/**
 * Models named inside the payloads: the request's `model`, the response's `model` (Vercel:
 * `modelId`). As sent; the caller applies the SPEC §6.4 E5 `models/` rule.
 *
 * @example readRawModels(values) // { requestModel: "o4-mini", responseModel: "o4-mini-2025-04-16" }
 */
export function readRawModels(raw: FallomRawValues): {
  requestModel: string | null;
  responseModel: string | null;
} {
  const request = isRecord(raw.request) ? raw.request : {};
  const response = isRecord(raw.response) ? raw.response : {};
  return {
    requestModel: nonBlankText(request.model),
    responseModel: nonBlankText(response.model) ?? nonBlankText(response.modelId),
  };
}

function nonBlankText(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value : null;
}

/**
 * `attributes` without the payloads that moved to `raw_request` / `raw_response` (SPEC §4.1:
 * attributes hold everything else), so the request is stored once and media extraction sees it.
 *
 * @example withoutMovedRawPayloads({ "fallom.raw.request": "{…}", "fallom.method": "x" }) // { "fallom.method": "x" }
 */
export function withoutMovedRawPayloads<T>(attributes: Record<string, T>): Record<string, T> {
  const kept: Record<string, T> = {};
  // Object.keys, not entries: no [key, value] pair per attribute (hot path, every OTLP span).
  for (const key of Object.keys(attributes)) if (!MOVED_KEYS.has(key)) kept[key] = attributes[key] as T;
  return kept;
}
