/**
 * SPEC §4.2 token normalisation for provider-native usage objects (`fallom.raw.usage`, TraceData,
 * Vercel `usage` / `providerMetadata`).
 *
 * Target semantics (OTel GenAI): input **includes** cache read and cache write, output **includes**
 * reasoning, total is the provider's total when it sent one, else input + output. The shape is
 * detected by its keys, never by the method that produced it: the Python SDK, for example, renames
 * Responses usage to `prompt_tokens` / `completion_tokens`. One mapper per shape lives in
 * `map-*-usage.ts`; this module only detects the shape.
 */
import { asRecord, isRecord, parseJsonString } from "./json-value.js";
import { mapAnthropicUsage } from "./map-anthropic-usage.js";
import { GOOGLE_USAGE_KEYS, mapGoogleUsage } from "./map-google-usage.js";
import { mapOpenAiChatUsage, mapOpenAiResponsesUsage } from "./map-openai-usage.js";
import { mapOpenRouterUsage } from "./map-openrouter-usage.js";
import { mapVercelV4Usage, mapVercelV5Usage, mapVercelV6Usage } from "./map-vercel-usage.js";
import { type ProviderMetadataUsage, readProviderMetadataUsage } from "./read-provider-metadata-usage.js";
import type { TokenUsage } from "./span-record.js";
import { toCount, toTokenUsage } from "./to-token-usage.js";

export { type ProviderMetadataUsage, readProviderMetadataUsage } from "./read-provider-metadata-usage.js";
export { readUsageCost } from "./read-usage-cost.js";
export { toCount } from "./to-token-usage.js";

function hasAny(record: Record<string, unknown>, keys: readonly string[]): boolean {
  return keys.some((key) => key in record);
}

/**
 * Normalises a provider usage object per SPEC §4.2. The shape is detected by its keys: OpenAI chat
 * and legacy (`prompt_tokens`), OpenAI Responses (`input_tokens` + `*_details`), Anthropic
 * (`cache_*_input_tokens`, or `input_tokens` when `provider` is anthropic), Google
 * (`usageMetadata` / `usage_metadata` or their counts), Vercel v4 / OpenRouter (`promptTokens`),
 * v5 (`inputTokens`), v6+ (`inputTokenDetails`, or nested v3 objects) and embeddings (`tokens`).
 * `provider` (canonical) selects the Vercel v4/v5 Anthropic and Google adjustments, which also read
 * `providerMetadata` when given. When the usage carries no counts but `providerMetadata` does
 * (Vercel with OpenRouter reports NaN usage), the metadata's usage is returned.
 *
 * @returns the normalised counts, or null when neither object carries a token count.
 * @example mapProviderUsage({ input_tokens: 37, cache_read_input_tokens: 100, output_tokens: 5 }, "anthropic")
 * // → { input_tokens: 137, output_tokens: 5, cache_read_tokens: 100, cache_write_tokens: null, reasoning_tokens: null, total_tokens: 142 }
 */
export function mapProviderUsage(
  usage: unknown,
  provider: string | null,
  providerMetadata?: unknown,
): TokenUsage | null {
  const metadata = readProviderMetadataUsage(providerMetadata);
  return mapUsageObject(parseJsonString(usage), provider, metadata) ?? metadata.usage;
}

function mapUsageObject(
  usage: unknown,
  provider: string | null,
  metadata: ProviderMetadataUsage,
): TokenUsage | null {
  if (!isRecord(usage)) return null;
  const wrapped = usage.usageMetadata ?? usage.usage_metadata;
  if (isRecord(wrapped)) return mapGoogleUsage(wrapped);
  const openrouter = asRecord(asRecord(usage.openrouter).usage);
  if (Object.keys(openrouter).length > 0) return mapOpenRouterUsage(openrouter);
  if (hasAny(usage, GOOGLE_USAGE_KEYS)) return mapGoogleUsage(usage);
  if (hasAny(usage, ["inputTokenDetails", "outputTokenDetails"]) || isRecord(usage.inputTokens)) {
    return mapVercelV6Usage(usage);
  }
  if (hasAny(usage, ["inputTokens", "outputTokens"])) return mapVercelV5Usage(usage, provider, metadata);
  if (hasAny(usage, ["promptTokens", "completionTokens"])) return mapVercelV4Usage(usage, provider, metadata);
  if (hasAny(usage, ["cache_read_input_tokens", "cache_creation_input_tokens", "cache_creation"])) {
    return mapAnthropicUsage(usage);
  }
  if (hasAny(usage, ["input_tokens", "output_tokens"])) {
    const isResponses = hasAny(usage, ["input_tokens_details", "output_tokens_details"]);
    return provider === "anthropic" && !isResponses
      ? mapAnthropicUsage(usage)
      : mapOpenAiResponsesUsage(usage);
  }
  if (hasAny(usage, ["prompt_tokens", "completion_tokens", "total_tokens"])) return mapOpenAiChatUsage(usage);
  if ("tokens" in usage) return toTokenUsage(toCount(usage.tokens), null, null, null, null, null);
  return null;
}
