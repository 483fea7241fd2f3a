/**
 * Usage and provider-reported cost inside a Vercel AI SDK `providerMetadata` object
 * (`fallom.raw.providerMetadata`, `ai.response.providerMetadata`; SPEC §2.5.4, §4.2, §4.3).
 */
import { asRecord, isRecord, parseJsonString } from "./json-value.js";
import { mapGoogleUsage } from "./map-google-usage.js";
import { mapOpenRouterUsage } from "./map-openrouter-usage.js";
import type { TokenUsage } from "./span-record.js";
import { toCount } from "./to-token-usage.js";

/** Usage-relevant numbers found in a Vercel AI SDK `providerMetadata` object. */
export interface ProviderMetadataUsage {
  /** Normalised usage from `openrouter.usage`, else `google.usageMetadata`; null when neither has counts. */
  usage: TokenUsage | null;
  /** `anthropic.cacheReadInputTokens` (SPEC §6.4 E3). */
  anthropicCacheReadTokens: number | null;
  /** `anthropic.cacheCreationInputTokens`. */
  anthropicCacheWriteTokens: number | null;
  /** `openrouter.usage.cost` (USD), else `openrouter.usage.costDetails.upstreamInferenceCost` (BYOK). */
  reportedCostUsd: number | null;
}

/**
 * Reads `openrouter.usage` (with `cost`), `anthropic.cacheCreationInputTokens` /
 * `cacheReadInputTokens` and `google.usageMetadata`. Accepts the parsed object or its JSON string.
 *
 * @example
 * readProviderMetadataUsage({ openrouter: { usage: { promptTokens: 10, completionTokens: 2, cost: 0.001 } } })
 * // → { usage: { input_tokens: 10, output_tokens: 2, …, total_tokens: 12 }, reportedCostUsd: 0.001, … }
 */
export function readProviderMetadataUsage(providerMetadata: unknown): ProviderMetadataUsage {
  const metadata = parseJsonString(providerMetadata);
  if (!isRecord(metadata)) {
    return {
      usage: null,
      anthropicCacheReadTokens: null,
      anthropicCacheWriteTokens: null,
      reportedCostUsd: null,
    };
  }
  const openrouterUsage = asRecord(asRecord(metadata.openrouter).usage);
  const anthropic = asRecord(metadata.anthropic);
  const google = asRecord(metadata.google);
  const googleUsage = google.usageMetadata ?? google.usage_metadata;
  const costDetails = asRecord(openrouterUsage.costDetails);
  return {
    usage:
      mapOpenRouterUsage(openrouterUsage) ?? (isRecord(googleUsage) ? mapGoogleUsage(googleUsage) : null),
    anthropicCacheReadTokens: toCount(anthropic.cacheReadInputTokens),
    anthropicCacheWriteTokens: toCount(anthropic.cacheCreationInputTokens),
    reportedCostUsd:
      toCount(openrouterUsage.cost) ??
      toCount(costDetails.upstreamInferenceCost) ??
      toCount(costDetails.upstream_inference_cost),
  };
}
