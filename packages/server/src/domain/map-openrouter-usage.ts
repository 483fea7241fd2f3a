/**
 * SPEC §4.2 row "Vercel `providerMetadata.openrouter.usage`" (also the Vercel v4 usage shape).
 */
import { asRecord, type Json } from "./json-value.js";
import type { TokenUsage } from "./span-record.js";
import { toCount, toTokenUsage } from "./to-token-usage.js";

/**
 * OpenRouter counts are already cache-inclusive.
 *
 * @example mapOpenRouterUsage({ promptTokens: 10, completionTokens: 2 })?.total_tokens // 12
 */
export function mapOpenRouterUsage(usage: Json): TokenUsage | null {
  return toTokenUsage(
    toCount(usage.promptTokens),
    toCount(usage.completionTokens),
    toCount(asRecord(usage.promptTokensDetails).cachedTokens),
    null,
    toCount(asRecord(usage.completionTokensDetails).reasoningTokens),
    toCount(usage.totalTokens),
  );
}
