import type { NormalisedUsage } from "../../record/types.js";
import { mapGoogleUsage, withoutUndefined } from "../google/map-google-usage.js";
import { type AnyRecord, addCounts, asRecord, isRecord, toCount } from "./values.js";

/** Normalised usage plus the provider-reported cost, when OpenRouter sent one. */
export interface AiSdkUsage {
  usage?: NormalisedUsage;
  reportedCostUsd?: number;
}

/**
 * AI SDK usage (result `usage` / `totalUsage`, a `finish` part's usage, or a language model's usage)
 * normalised per SPEC §4.2, whatever the major:
 * - v6+ results (`inputTokenDetails`) and spec-v3 models (nested `{total, noCache, cacheRead, cacheWrite}`)
 *   already count cache and reasoning inside input and output;
 * - v5 (`inputTokens`): Anthropic reports input without cache, Google output without reasoning;
 * - v4 (`promptTokens`), embeddings (`tokens`).
 * When the usage carries no count (some OpenRouter providers report NaN), the counts come from
 * `providerMetadata.openrouter.usage`, else `providerMetadata.google.usageMetadata`. OpenRouter's
 * `cost` is returned as the reported cost.
 *
 * @param provider canonical provider (selects the v4/v5 Anthropic and Google corrections)
 * @example normaliseAiSdkUsage({ promptTokens: 10, completionTokens: 2 }, undefined, "openai").usage
 * // { inputTokens: 10, outputTokens: 2, totalTokens: 12 }
 */
export function normaliseAiSdkUsage(usage: unknown, providerMetadata: unknown, provider: string): AiSdkUsage {
  const metadata = asRecord(providerMetadata);
  const openrouter = asRecord(asRecord(metadata.openrouter).usage);
  const fromUsage = isRecord(usage) ? mapUsage(usage, metadata, provider) : undefined;
  const usageResult =
    fromUsage ?? mapOpenRouterUsage(openrouter) ?? mapGoogleUsage(asRecord(metadata.google).usageMetadata);
  const cost = toCount(openrouter.cost);
  return {
    ...(usageResult ? { usage: usageResult } : {}),
    ...(cost !== undefined ? { reportedCostUsd: cost } : {}),
  };
}

function mapUsage(usage: AnyRecord, metadata: AnyRecord, provider: string): NormalisedUsage | undefined {
  if (isRecord(usage.inputTokens) || isRecord(usage.outputTokens)) return mapModelV3Usage(usage);
  if ("inputTokenDetails" in usage || "outputTokenDetails" in usage) return mapV6Usage(usage);
  if ("inputTokens" in usage || "outputTokens" in usage) return mapV5Usage(usage, metadata, provider);
  if ("promptTokens" in usage || "completionTokens" in usage) return mapV4Usage(usage, metadata, provider);
  if ("tokens" in usage) return withoutUndefined({ inputTokens: toCount(usage.tokens) });
  return undefined;
}

/** Language model spec v3: `{inputTokens: {total, noCache, cacheRead, cacheWrite}, outputTokens: {total, text, reasoning}}`. */
function mapModelV3Usage(usage: AnyRecord): NormalisedUsage | undefined {
  const input = asRecord(usage.inputTokens);
  const output = asRecord(usage.outputTokens);
  const inputTokens =
    toCount(input.total) ??
    addCounts(toCount(input.noCache), toCount(input.cacheRead), toCount(input.cacheWrite));
  const outputTokens = toCount(output.total) ?? addCounts(toCount(output.text), toCount(output.reasoning));
  return withTotal({
    inputTokens,
    outputTokens,
    cacheReadTokens: toCount(input.cacheRead),
    cacheWriteTokens: toCount(input.cacheWrite),
    reasoningTokens: toCount(output.reasoning),
  });
}

function mapV6Usage(usage: AnyRecord): NormalisedUsage | undefined {
  const inputDetails = asRecord(usage.inputTokenDetails);
  const outputDetails = asRecord(usage.outputTokenDetails);
  return withTotal({
    inputTokens: toCount(usage.inputTokens),
    outputTokens: toCount(usage.outputTokens),
    cacheReadTokens: toCount(inputDetails.cacheReadTokens) ?? toCount(usage.cachedInputTokens),
    cacheWriteTokens: toCount(inputDetails.cacheWriteTokens),
    reasoningTokens: toCount(outputDetails.reasoningTokens) ?? toCount(usage.reasoningTokens),
    totalTokens: toCount(usage.totalTokens),
  });
}

function mapV5Usage(usage: AnyRecord, metadata: AnyRecord, provider: string): NormalisedUsage | undefined {
  const cacheRead = toCount(usage.cachedInputTokens);
  const reasoning = toCount(usage.reasoningTokens);
  let inputTokens = toCount(usage.inputTokens);
  let outputTokens = toCount(usage.outputTokens);
  let cacheWrite: number | undefined;
  if (provider === "anthropic") {
    cacheWrite = toCount(asRecord(metadata.anthropic).cacheCreationInputTokens);
    if (inputTokens !== undefined) inputTokens = addCounts(inputTokens, cacheRead, cacheWrite);
  }
  if (provider === "google" && outputTokens !== undefined) outputTokens = addCounts(outputTokens, reasoning);
  const totalTokens =
    provider === "anthropic" || provider === "google" ? undefined : toCount(usage.totalTokens);
  return withTotal({
    inputTokens,
    outputTokens,
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    reasoningTokens: reasoning,
    totalTokens,
  });
}

function mapV4Usage(usage: AnyRecord, metadata: AnyRecord, provider: string): NormalisedUsage | undefined {
  let inputTokens = toCount(usage.promptTokens);
  let cacheRead: number | undefined;
  let cacheWrite: number | undefined;
  if (provider === "anthropic") {
    // v4 Anthropic reports input without the cache (SPEC §6.4 E4); the counts are in the metadata.
    const anthropic = asRecord(metadata.anthropic);
    cacheRead = toCount(anthropic.cacheReadInputTokens);
    cacheWrite = toCount(anthropic.cacheCreationInputTokens);
    if (inputTokens !== undefined) inputTokens = addCounts(inputTokens, cacheRead, cacheWrite);
  }
  return withTotal({
    inputTokens,
    outputTokens: toCount(usage.completionTokens),
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
  });
}

/** `providerMetadata.openrouter.usage`: `{promptTokens, completionTokens, promptTokensDetails, …}`. */
function mapOpenRouterUsage(usage: AnyRecord): NormalisedUsage | undefined {
  return withTotal({
    inputTokens: toCount(usage.promptTokens),
    outputTokens: toCount(usage.completionTokens),
    cacheReadTokens: toCount(asRecord(usage.promptTokensDetails).cachedTokens),
    reasoningTokens: toCount(asRecord(usage.completionTokensDetails).reasoningTokens),
    totalTokens: toCount(usage.totalTokens),
  });
}

/** Undefined unless input or output is known; total = the provider's total, else input + output. */
function withTotal(usage: NormalisedUsage): NormalisedUsage | undefined {
  if (usage.inputTokens === undefined && usage.outputTokens === undefined) return undefined;
  return withoutUndefined({
    ...usage,
    totalTokens: usage.totalTokens ?? addCounts(usage.inputTokens, usage.outputTokens),
  });
}
