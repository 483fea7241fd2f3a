/**
 * SPEC §4.2 token normalisation for provider-native usage objects (`fallom.raw.usage`, TraceData,
 * Vercel `usage` / `providerMetadata`).
 *
 * Target semantics (OTel GenAI): input **includes** cache read and cache write, output **includes**
 * reasoning, total is the provider's total when it sent one, else input + output. The shape is
 * detected by its keys, never by the method that produced it: the Python SDK, for example, renames
 * Responses usage to `prompt_tokens` / `completion_tokens`.
 */
import type { TokenUsage } from "./span-record.js";

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A token count or null. null, NaN and non-numbers count as absent: some Vercel providers report
 * `NaN`, which JSON serialises as `null`. Numeric strings are accepted because OTLP int64 values can
 * arrive as decimal strings.
 */
export function toCount(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return null;
}

/** Sum of the present values; null only when none is present (so 0 + absent stays 0). */
function sumPresent(...values: Array<number | null>): number | null {
  let total: number | null = null;
  for (const value of values) if (value !== null) total = (total ?? 0) + value;
  return total;
}

function nested(record: Json, key: string): Json {
  const value = record[key];
  return isRecord(value) ? value : {};
}

function firstCount(record: Json, ...keys: string[]): number | null {
  for (const key of keys) {
    const count = toCount(record[key]);
    if (count !== null) return count;
  }
  return null;
}

function finish(
  input: number | null,
  output: number | null,
  cacheRead: number | null,
  cacheWrite: number | null,
  reasoning: number | null,
  providerTotal: number | null,
): TokenUsage | null {
  const total = providerTotal ?? sumPresent(input, output);
  if (input === null && output === null && total === null) return null;
  return {
    input_tokens: input,
    output_tokens: output,
    cache_read_tokens: cacheRead,
    cache_write_tokens: cacheWrite,
    reasoning_tokens: reasoning,
    total_tokens: total,
  };
}

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
 * Reads usage and provider-reported cost from a Vercel `providerMetadata` object (SPEC §2.5.4):
 * `openrouter.usage` (with `cost`), `anthropic.cacheCreationInputTokens` / `cacheReadInputTokens`
 * and `google.usageMetadata`. Accepts the parsed object or its JSON string.
 *
 * @example
 * readProviderMetadataUsage({ openrouter: { usage: { promptTokens: 10, completionTokens: 2, cost: 0.001 } } })
 * // → { usage: { input_tokens: 10, output_tokens: 2, …, total_tokens: 12 }, reportedCostUsd: 0.001, … }
 */
export function readProviderMetadataUsage(providerMetadata: unknown): ProviderMetadataUsage {
  const metadata = parseIfJsonString(providerMetadata);
  const empty: ProviderMetadataUsage = {
    usage: null,
    anthropicCacheReadTokens: null,
    anthropicCacheWriteTokens: null,
    reportedCostUsd: null,
  };
  if (!isRecord(metadata)) return empty;
  const openrouterUsage = nested(nested(metadata, "openrouter"), "usage");
  const anthropic = nested(metadata, "anthropic");
  const google = nested(metadata, "google");
  const googleUsage = google.usageMetadata ?? google.usage_metadata;
  const costDetails = nested(openrouterUsage, "costDetails");
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

/**
 * Provider-reported cost inside a raw usage object: OpenRouter's OpenAI-compatible `usage.cost`,
 * else `usage.cost_details.upstream_inference_cost` for BYOK keys (SPEC §2.5.1). null when absent.
 */
export function readUsageCost(usage: unknown): number | null {
  const record = parseIfJsonString(usage);
  if (!isRecord(record)) return null;
  return toCount(record.cost) ?? toCount(nested(record, "cost_details").upstream_inference_cost);
}

function parseIfJsonString(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** OpenAI chat and the legacy TraceData / LangChain `prompt_tokens` row. */
function mapOpenAiChatUsage(usage: Json): TokenUsage | null {
  return finish(
    toCount(usage.prompt_tokens),
    toCount(usage.completion_tokens),
    toCount(nested(usage, "prompt_tokens_details").cached_tokens),
    null,
    toCount(nested(usage, "completion_tokens_details").reasoning_tokens),
    toCount(usage.total_tokens),
  );
}

function mapOpenAiResponsesUsage(usage: Json): TokenUsage | null {
  return finish(
    toCount(usage.input_tokens),
    toCount(usage.output_tokens),
    toCount(nested(usage, "input_tokens_details").cached_tokens),
    null,
    toCount(nested(usage, "output_tokens_details").reasoning_tokens),
    toCount(usage.total_tokens),
  );
}

/** Anthropic's `input_tokens` excludes the cache, so both cache counts are added to input. */
function mapAnthropicUsage(usage: Json): TokenUsage | null {
  const cacheRead = toCount(usage.cache_read_input_tokens);
  const creation = nested(usage, "cache_creation");
  const cacheWrite =
    toCount(usage.cache_creation_input_tokens) ??
    sumPresent(toCount(creation.ephemeral_5m_input_tokens), toCount(creation.ephemeral_1h_input_tokens));
  return finish(
    sumPresent(toCount(usage.input_tokens), cacheRead, cacheWrite),
    toCount(usage.output_tokens),
    cacheRead,
    cacheWrite,
    null,
    toCount(usage.total_tokens),
  );
}

/** Google `usageMetadata` (camelCase, JS SDKs) or `usage_metadata` (snake_case, Python SDKs). */
function mapGoogleUsage(usage: Json): TokenUsage | null {
  const count = (camel: string, snake: string) => firstCount(usage, camel, snake);
  const thoughts = count("thoughtsTokenCount", "thoughts_token_count");
  return finish(
    sumPresent(
      count("promptTokenCount", "prompt_token_count"),
      count("toolUsePromptTokenCount", "tool_use_prompt_token_count"),
    ),
    sumPresent(count("candidatesTokenCount", "candidates_token_count"), thoughts),
    count("cachedContentTokenCount", "cached_content_token_count"),
    null,
    thoughts,
    count("totalTokenCount", "total_token_count"),
  );
}

/** Vercel `providerMetadata.openrouter.usage`; OpenRouter counts are already cache-inclusive. */
function mapOpenRouterUsage(usage: Json): TokenUsage | null {
  return finish(
    toCount(usage.promptTokens),
    toCount(usage.completionTokens),
    toCount(nested(usage, "promptTokensDetails").cachedTokens),
    null,
    toCount(nested(usage, "completionTokensDetails").reasoningTokens),
    toCount(usage.totalTokens),
  );
}

/**
 * Vercel v4 `{promptTokens, completionTokens}` (also the OpenRouter usage shape, which adds details).
 * For Anthropic, v4 reports the cache-exclusive prompt count, so the cache counts from
 * `providerMetadata.anthropic` are added (SPEC §6.4 E4).
 */
function mapVercelV4Usage(
  usage: Json,
  provider: string | null,
  metadata: ProviderMetadataUsage,
): TokenUsage | null {
  const base = mapOpenRouterUsage(usage);
  if (base === null || provider !== "anthropic") return base;
  const cacheRead = base.cache_read_tokens ?? metadata.anthropicCacheReadTokens;
  const cacheWrite = metadata.anthropicCacheWriteTokens;
  return finish(
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
 */
function mapVercelV5Usage(
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
  return finish(input, output, cacheRead, cacheWrite, reasoning, total);
}

/**
 * Vercel v6+ (`inputTokenDetails` / `outputTokenDetails`, already inclusive) and the language-model
 * specification v3 nested form `{inputTokens: {total, noCache, cacheRead, cacheWrite},
 * outputTokens: {total, text, reasoning}}` (SPEC §2.5.5).
 */
function mapVercelV6Usage(usage: Json): TokenUsage | null {
  const inputDetails = nested(usage, "inputTokenDetails");
  const outputDetails = nested(usage, "outputTokenDetails");
  const inputNested = nested(usage, "inputTokens");
  const outputNested = nested(usage, "outputTokens");
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
  return finish(input, output, cacheRead, cacheWrite, reasoning, toCount(usage.totalTokens));
}

function hasAny(record: Json, keys: string[]): boolean {
  return keys.some((key) => key in record);
}

const GOOGLE_KEYS = [
  "promptTokenCount",
  "candidatesTokenCount",
  "totalTokenCount",
  "cachedContentTokenCount",
  "thoughtsTokenCount",
  "toolUsePromptTokenCount",
  "prompt_token_count",
  "candidates_token_count",
  "total_token_count",
  "cached_content_token_count",
  "thoughts_token_count",
  "tool_use_prompt_token_count",
];

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
  return mapUsageObject(parseIfJsonString(usage), provider, metadata) ?? metadata.usage;
}

function mapUsageObject(
  usage: unknown,
  provider: string | null,
  metadata: ProviderMetadataUsage,
): TokenUsage | null {
  if (!isRecord(usage)) return null;
  const wrapped = usage.usageMetadata ?? usage.usage_metadata;
  if (isRecord(wrapped)) return mapGoogleUsage(wrapped);
  const openrouter = nested(nested(usage, "openrouter"), "usage");
  if (Object.keys(openrouter).length > 0) return mapOpenRouterUsage(openrouter);
  if (hasAny(usage, GOOGLE_KEYS)) return mapGoogleUsage(usage);
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
  if ("tokens" in usage) return finish(toCount(usage.tokens), null, null, null, null, null);
  return null;
}
