/**
 * SPEC §4.2 row "Anthropic": the provider-native usage object, whose `input_tokens` excludes the cache.
 */
import { asRecord, type Json } from "./json-value.js";
import type { TokenUsage } from "./span-record.js";
import { sumPresent, toCount, toTokenUsage } from "./to-token-usage.js";

/**
 * Both cache counts are added to input (SPEC §6.4 E4: this rule is for native Anthropic usage only).
 *
 * @example mapAnthropicUsage({ input_tokens: 37, cache_read_input_tokens: 100, output_tokens: 5 })?.input_tokens // 137
 */
export function mapAnthropicUsage(usage: Json): TokenUsage | null {
  const cacheRead = toCount(usage.cache_read_input_tokens);
  const creation = asRecord(usage.cache_creation);
  const cacheWrite =
    toCount(usage.cache_creation_input_tokens) ??
    sumPresent(toCount(creation.ephemeral_5m_input_tokens), toCount(creation.ephemeral_1h_input_tokens));
  return toTokenUsage(
    sumPresent(toCount(usage.input_tokens), cacheRead, cacheWrite),
    toCount(usage.output_tokens),
    cacheRead,
    cacheWrite,
    null,
    toCount(usage.total_tokens),
  );
}
