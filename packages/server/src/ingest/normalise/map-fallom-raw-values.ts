/**
 * Canonical fields from the `fallom.raw.*` payloads (SPEC §5.3 shapes, §4.2, §6.4 E4/E6), shared
 * by the OTLP and native normalisers. Each path places the results in its own priority order,
 * but the values derived from the same payloads are the same on both.
 */
import { mapProviderUsage } from "../../domain/map-provider-usage.js";
import { type ParsedRawContent, parseRawContent } from "../../domain/parse-raw-content.js";
import { readProviderMetadataUsage } from "../../domain/read-provider-metadata-usage.js";
import { readUsageCost } from "../../domain/read-usage-cost.js";
import type { TokenUsage } from "../../domain/span-record.js";
import { toCount } from "../../domain/to-token-usage.js";
import { isRecord, toBoolean } from "./coerce-attribute-value.js";
import type { FallomRawValues } from "./read-fallom-raw-values.js";
import { toRawRequestParams } from "./to-raw-request-params.js";

export interface FallomRawFields {
  /** Messages, tool definitions, finish reasons and response id; null without request and response. */
  content: ParsedRawContent | null;
  /** `fallom.raw.usage` normalised with `fallom.raw.providerMetadata` (Vercel null usage, Anthropic cache). */
  tokens: TokenUsage | null;
  /** `providerMetadata.openrouter.usage.cost`, else OpenRouter's `usage.cost` (SPEC §4.3). */
  reportedCostUsd: number | null;
  /** Parameters in the request body, by their `gen_ai.request.*` names. */
  requestParams: Record<string, unknown>;
  /** The request body's `stream` flag. */
  isStreaming: boolean | null;
  /** `fallom.raw.timings.firstTokenTime` (ms). */
  timeToFirstTokenMs: number | null;
}

/**
 * Maps the raw payloads. A parser failure loses only that payload's fields: one malformed payload
 * must not reject a span that is otherwise fine. The domain parsers are called only for payloads
 * that are present.
 *
 * @param provider canonical provider of the span; selects the parser and the usage rules.
 * @example mapFallomRawValues(values, { method: "streamText", provider: "openrouter" }).tokens?.input_tokens // 6118
 */
export function mapFallomRawValues(
  raw: FallomRawValues,
  span: { method: string | null; provider: string | null },
): FallomRawFields {
  const hasContent = raw.request !== undefined || raw.response !== undefined;
  const hasUsage = raw.usage !== undefined || raw.providerMetadata !== undefined;
  const content = hasContent
    ? tryParse(() =>
        parseRawContent({
          method: span.method,
          provider: span.provider,
          request: raw.request,
          response: raw.response,
        }),
      )
    : null;
  const tokens = hasUsage
    ? tryParse(() => mapProviderUsage(raw.usage, span.provider, raw.providerMetadata))
    : null;
  const timings = isRecord(raw.timings) ? raw.timings : {};
  const body = isRecord(raw.request) ? raw.request : {};
  return {
    content: content ?? null,
    tokens: tokens ?? null,
    reportedCostUsd:
      readProviderMetadataUsage(raw.providerMetadata).reportedCostUsd ?? readUsageCost(raw.usage),
    requestParams: toRawRequestParams(raw.request),
    isStreaming: toBoolean(body.stream) ?? null,
    timeToFirstTokenMs: toCount(timings.firstTokenTime),
  };
}

function tryParse<T>(parse: () => T): T | undefined {
  try {
    return parse();
  } catch {
    return undefined;
  }
}
