/**
 * SPEC §4.2 rows "Vercel v4", "Vercel v5" and "Vercel v6+" for the `usage` object of a Vercel
 * AI SDK result. v4/v5 report provider-exclusive counts for some providers (SPEC §6.4 E4).
 */
import { asRecord, type Json } from "./json-value.js";
import { mapOpenRouterUsage } from "./map-openrouter-usage.js";
import type { ProviderMetadataUsage } from "./read-provider-metadata-usage.js";
import type { TokenUsage } from "./span-record.js";
import { sumPresent, toCount, toTokenUsage } from "./to-token-usage.js";

/**
 * Vercel v4 `{promptTokens, completionTokens}` (also the OpenRouter usage shape, which adds details).
 * For Anthropic, v4 reports the cache-exclusive prompt count, so the cache counts from
 * `providerMetadata.anthropic` are added (SPEC §6.4 E4).
 *
 * @example mapVercelV4Usage({ promptTokens: 10, completionTokens: 2 }, "openai", metadata)?.total_tokens // 12
 */
export function mapVercelV4Usage(
  usage: Json,
  provider: string | null,
  metadata: ProviderMetadataUsage,
): TokenUsage | null {
  const base = mapOpenRouterUsage(usage);
  if (base === null || provider !== "anthropic") return base;
  const cacheRead = base.cache_read_tokens ?? metadata.anthropicCacheReadTokens;
  const cacheWrite = metadata.anthropicCacheWriteTokens;
  return toTokenUsage(
    base.input_tokens === null ? null : sumPresent(base.input_tokens, cacheRead, cacheWrite),
    base.output_tokens,
    cacheRead,
    cacheWrite,
    base.reasoning_tokens,
    // The reported total is the sum of the exclusive counts, so it is recomputed from input + output.
    null,
  );
}

/**
 * Vercel v5 `{inputTokens, outputTokens, totalTokens, reasoningTokens?, cachedInputTokens?}`.
 * Anthropic's `inputTokens` excludes the cache (add cache read + `cacheCreationInputTokens`);
 * Google's `outputTokens` excludes thoughts (add `reasoningTokens`).
 *
 * @example mapVercelV5Usage({ inputTokens: 10, outputTokens: 2, totalTokens: 12 }, "openai", metadata)?.input_tokens // 10
 */
export function mapVercelV5Usage(
  usage: Json,
  provider: string | null,
  metadata: ProviderMetadataUsage,
): TokenUsage | null {
  let input = toCount(usage.inputTokens);
  let output = toCount(usage.outputTokens);
  let total = toCount(usage.totalTokens);
  const reasoning = toCount(usage.reasoningTokens);
  let cacheRead = toCount(usage.cachedInputTokens);
  let cacheWrite: number | null = null;
  if (provider === "anthropic") {
    cacheRead = cacheRead ?? metadata.anthropicCacheReadTokens;
    cacheWrite = metadata.anthropicCacheWriteTokens;
    if (input !== null) input = sumPresent(input, cacheRead, cacheWrite);
    // The v5 Anthropic total is the sum of the exclusive counts, so it is recomputed from input + output.
    total = null;
  }
  if (provider === "google" && output !== null && reasoning !== null) output += reasoning;
  return toTokenUsage(input, output, cacheRead, cacheWrite, reasoning, total);
}

/**
 * Vercel v6+ (`inputTokenDetails` / `outputTokenDetails`, already inclusive) and the language-model
 * specification v3 nested form `{inputTokens: {total, noCache, cacheRead, cacheWrite},
 * outputTokens: {total, text, reasoning}}` (SPEC §2.5.5).
 *
 * @example mapVercelV6Usage({ inputTokens: 10, outputTokens: 2, inputTokenDetails: { cacheReadTokens: 4 } })?.cache_read_tokens // 4
 */
export function mapVercelV6Usage(usage: Json): TokenUsage | null {
  const inputDetails = asRecord(usage.inputTokenDetails);
  const outputDetails = asRecord(usage.outputTokenDetails);
  const inputNested = asRecord(usage.inputTokens);
  const outputNested = asRecord(usage.outputTokens);
  const cacheRead =
    toCount(inputDetails.cacheReadTokens) ??
    toCount(inputNested.cacheRead) ??
    toCount(usage.cachedInputTokens);
  const cacheWrite = toCount(inputDetails.cacheWriteTokens) ?? toCount(inputNested.cacheWrite);
  const reasoning =
    toCount(outputDetails.reasoningTokens) ??
    toCount(outputNested.reasoning) ??
    toCount(usage.reasoningTokens);
  const input =
    toCount(usage.inputTokens) ??
    toCount(inputNested.total) ??
    sumPresent(toCount(inputNested.noCache), toCount(inputNested.cacheRead), toCount(inputNested.cacheWrite));
  const output =
    toCount(usage.outputTokens) ??
    toCount(outputNested.total) ??
    sumPresent(toCount(outputNested.text), toCount(outputNested.reasoning));
  return toTokenUsage(input, output, cacheRead, cacheWrite, reasoning, toCount(usage.totalTokens));
}
