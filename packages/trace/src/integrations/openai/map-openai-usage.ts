/** SPEC §4.2 token normalisation for OpenAI usage objects (chat, Responses, embeddings). */
import type { NormalisedUsage } from "../../record/types.js";

/**
 * Chat `{prompt_tokens, completion_tokens, prompt_tokens_details.cached_tokens,
 * completion_tokens_details.reasoning_tokens}` or Responses `{input_tokens, output_tokens,
 * input_tokens_details, output_tokens_details}` → normalised usage. Input already includes the
 * cached tokens and output the reasoning tokens in both shapes, so nothing is added.
 *
 * @example mapOpenAIUsage({ prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 })
 * // { inputTokens: 12, outputTokens: 5, totalTokens: 17 }
 */
export function mapOpenAIUsage(usage: unknown): NormalisedUsage | undefined {
  if (!isRecord(usage)) return undefined;
  const responses = "input_tokens" in usage || "output_tokens" in usage;
  const inputDetails = asRecord(responses ? usage.input_tokens_details : usage.prompt_tokens_details);
  const outputDetails = asRecord(responses ? usage.output_tokens_details : usage.completion_tokens_details);
  const result: NormalisedUsage = {};
  assign(result, "inputTokens", responses ? usage.input_tokens : usage.prompt_tokens);
  assign(result, "outputTokens", responses ? usage.output_tokens : usage.completion_tokens);
  assign(result, "cacheReadTokens", inputDetails.cached_tokens);
  assign(result, "reasoningTokens", outputDetails.reasoning_tokens);
  assign(result, "totalTokens", usage.total_tokens);
  return Object.keys(result).length > 0 ? result : undefined;
}

/**
 * OpenRouter's provider-reported cost: `usage.cost`, else `usage.cost_details.upstream_inference_cost`
 * (BYOK keys). Undefined for every other provider.
 *
 * @example readReportedCost({ cost: 0.0012 }) // 0.0012
 */
export function readReportedCost(usage: unknown): number | undefined {
  if (!isRecord(usage)) return undefined;
  return toCount(usage.cost) ?? toCount(asRecord(usage.cost_details).upstream_inference_cost);
}

function assign(target: NormalisedUsage, key: keyof NormalisedUsage, value: unknown): void {
  const count = toCount(value);
  if (count !== undefined) target[key] = count;
}

function toCount(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asRecord(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}
